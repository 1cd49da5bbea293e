import type { Messages } from "../types";
import type en from "../en/voting";

export default {
  meta: {
    title: "Ronda {{number}} · {{title}}",
  },
  page: {
    heading: "{{title}} — ronda {{number}}",
    answerAs: "Responde como {{pseudonym}}; ninguém vê quem respondeu o quê.",
    previewAs: "Pré-visualização como {{role}}.",
    realtimeRound:
      "Uma ronda em tempo real: depois de responder a um item, vê as respostas e fundamentações atuais do painel, atualizadas em direto, e pode rever qualquer resposta até ao fim do período.",
    openRound: "Uma ronda aberta: comente o rascunho do modelo e proponha o que falta; nada é avaliado.",
    closes: "Encerra a <deadline/>.",
    notOpenTitle: "Ronda {{number}}: {{status}}",
    notOpenYet: "Ainda não foi aberta.",
    noLongerOpen: "Já não aceita respostas. Obrigado pela participação.",
    rated: "{{answered}} de {{total}} avaliados",
    finished_one: "{{finished}} de {{count}} painelista submeteu as respostas",
    finished_other: "{{finished}} de {{count}} painelistas submeteram as respostas",
    progress: "O seu progresso",
    nextPart: "Parte seguinte: {{first}}–{{last}}",
  },
  role: {
    moderator: "moderador",
    panellist: "painelista",
    observer: "observador",
  },
  status: {
    draft: "rascunho",
    open: "aberta",
    closed: "encerrada",
    published: "publicada",
  },
  item: {
    showOriginal: "Mostrar a formulação original ({{language}})",
    showTranslated: "Mostrar a formulação em {{language}}",
    untranslated:
      "Não traduzido para {{language}}: este item foi reformulado, por isso é apresentada a formulação original ({{source}}).",
    writtenIn: "Escrito em {{language}}",
    kind: {
      domain: "domínio",
      subdomain: "subdomínio",
      indicator: "indicador",
      levels: "os cinco descritores de nível",
    },
    levelsLabel: "{{key}} (níveis)",
    saving: "A guardar…",
    saved: "Guardado {{time}}",
    keptOnDevice: "Mantido neste dispositivo",
    notSaved: "Não guardado",
    openRoundQuestion:
      "Ronda aberta: comente este item do rascunho do modelo ou sugira uma nova redação; nada é avaliado.",
    yourRating: "A sua avaliação de {{label}}",
    retry: "Tentar novamente",
    comment: "Comentário (opcional)",
    suggestion: "Redação sugerida (opcional)",
    openRationale: "Abrir a fundamentação partilhada e a redação proposta pelo painel",
    hideRationale: "Ocultar a fundamentação partilhada e a redação proposta pelo painel",
    observer: "Observador",
    moderator: "Moderador",
    rationaleFor: "Fundamentação partilhada de {{label}}",
  },
  answer: {
    counter: "{{length}} de {{limit}} carateres",
    tooLong: {
      comment: "O seu comentário tem {{length}} carateres; o limite é {{limit}}. Encurte-o para o guardar.",
      suggestion: "A sua redação sugerida tem {{length}} carateres; o limite é {{limit}}. Encurte-a para a guardar.",
    },
    failed: "Não foi possível guardar ({{status}})",
    tooLongSave: "Não guardado: um texto é demasiado longo (ver abaixo).",
    offline:
      "Ainda não guardado: a ligação perdeu-se. O texto fica neste dispositivo e será guardado quando voltar a estar online.",
  },
  scale: {
    stronglyDisagree: "Discordo totalmente",
    disagree: "Discordo",
    neutral: "Neutro",
    agree: "Concordo",
    stronglyAgree: "Concordo totalmente",
    point: "{{point}} – {{label}}",
    noOpinionLong: "Sem opinião / não é possível avaliar",
    noOpinion: "Sem opinião",
    anchor: "{{point}} = {{label}}",
  },
  feedback: {
    distribution: "Distribuição na ronda anterior",
    yourAnswer: " ← a sua resposta",
    suggested: "Redação sugerida: {{text}}",
    summary_one: "Ronda anterior: {{count}} avaliação · mediana {{median}} · concordância {{agreement}}",
    summary_other: "Ronda anterior: {{count}} avaliações · mediana {{median}} · concordância {{agreement}}",
    summaryNoOpinion_one:
      "Ronda anterior: {{count}} avaliação, {{noOpinion}} sem opinião · mediana {{median}} · concordância {{agreement}}",
    summaryNoOpinion_other:
      "Ronda anterior: {{count}} avaliações, {{noOpinion}} sem opinião · mediana {{median}} · concordância {{agreement}}",
    percent: "{{value}} %",
    previousNoOpinion: "A sua resposta anterior: sem opinião",
    wordingChanged: "Redação alterada desde a ronda anterior:",
    added: "acrescentado: {{text}}",
    removed: "removido: {{text}}",
    comments: "Comentários do painel (anónimos):",
    showAll: "Mostrar os {{count}} comentários",
    sharedRationale: "Fundamentação partilhada do painel na ronda {{round}} (só de leitura)",
  },
  live: {
    minGroup_one:
      "As respostas do painel são mostradas quando pelo menos {{count}} painelista tiver respondido a este item.",
    minGroup_other:
      "As respostas do painel são mostradas quando pelo menos {{count}} painelistas tiverem respondido a este item.",
    changed: "O painel mudou desde a sua resposta.",
    figures_one:
      "O painel agora: {{count}} avaliação · mediana {{median}} · IQR {{q1}}–{{q3}} · concordância {{agreement}}",
    figures_other:
      "O painel agora: {{count}} avaliações · mediana {{median}} · IQR {{q1}}–{{q3}} · concordância {{agreement}}",
    figuresNoOpinion_one:
      "O painel agora: {{count}} avaliação, {{noOpinion}} sem opinião · mediana {{median}} · IQR {{q1}}–{{q3}} · concordância {{agreement}}",
    figuresNoOpinion_other:
      "O painel agora: {{count}} avaliações, {{noOpinion}} sem opinião · mediana {{median}} · IQR {{q1}}–{{q3}} · concordância {{agreement}}",
    ownNoOpinion: "A sua resposta: sem opinião",
    outsideThanks:
      "A sua resposta está fora da metade central das respostas do painel (IQR {{q1}}–{{q3}}). Obrigado pela fundamentação.",
    outsideAsk:
      "A sua resposta está fora da metade central das respostas do painel (IQR {{q1}}–{{q3}}). Pode indicar a fundamentação no comentário abaixo? (opcional)",
    reasons: "Fundamentações do painel (anónimas):",
    updated: "Atualizado às {{time}}",
  },
  distribution: {
    title: "Distribuição das avaliações",
    perPoint: "Avaliações por ponto da escala: {{counts}}",
    share: " ({{value}} %)",
    rated: "{{n}} avaliações",
    ratedNoOpinion: "{{n}} avaliações · {{noOpinion}} sem opinião (não contadas nas percentagens)",
  },
  editor: {
    withPanel: "Redigido em conjunto com o painel, de forma anónima.",
    readOnly: "Pode ler este documento, mas não editá-lo.",
    alsoHere: "Também aqui: {{names}}.",
    status: {
      live: "em direto",
      "read-only": "só de leitura",
      connecting: "a ligar",
      connected: "ligado",
      offline: "offline",
      "too-large": "demasiado grande",
      refused: "recusado",
    },
    tooLarge:
      "Essa alteração era demasiado grande para ser partilhada; não foi guardada. Recarregue a página para continuar.",
    refused: "Não foi possível partilhar essa alteração; não foi guardada. Recarregue a página para continuar.",
  },
  proposals: {
    outcomesTitle: "O que aconteceu às suas propostas",
    outcome: "A sua proposta {{label}} (ronda {{round}}, {{target}}): {{outcome}}",
    current: "As suas propostas nesta ronda",
    under: "<strong>{{label}}</strong> em {{target}}:",
    withdraw: "Retirar",
  },
  propose: {
    summary: "Propor um indicador em falta / uma alteração",
    formLabel: "Propor em {{target}}",
    note: "Em {{target}} {{title}}. Os moderadores leem as propostas depois do encerramento da ronda, sem o seu nome nem o seu pseudónimo.",
    what: "O que propõe?",
    indicator: "Um indicador em falta",
    restructuring: "Uma alteração da estrutura (fundir, mover, dividir)",
    statement: "Enunciado do indicador",
    levels: "Descritores de nível (opcional, os cinco)",
    level: "Nível {{level}}",
    change: "O que fundir, mover ou dividir",
    reason: "Fundamentação",
    send: "Enviar a proposta",
    sent: "Enviada como {{label}}",
  },
  restructured: {
    title: "O modelo foi reestruturado após a ronda {{round}}",
    intro: "O que aconteceu aos itens da ronda {{round}}:",
  },
  parts: {
    label: "Partes desta ronda",
  },
  contents: {
    label: "Conteúdo desta ronda",
    summary: "Conteúdo: {{sections}} secções em {{parts}} partes",
    part: "Parte {{part}} ({{answered}} de {{items}} respondidos)",
    answered: "{{done}} de {{items}} respondidos",
  },
  submit: {
    submitted:
      "✓ Submetida: ainda é possível alterar as respostas até ao encerramento da ronda; são guardadas à medida que responde.",
    button: "Submeter a ronda",
    stillUnanswered_one: "{{n}} item continua sem resposta.",
    stillUnanswered_other: "{{n}} itens continuam sem resposta.",
    nextUnanswered: "Próximo sem resposta: {{key}}",
    nothingYet: "Ainda nada respondido",
    unansweredTitle_one: "{{n}} item está sem resposta",
    unansweredTitle_other: "{{n}} itens estão sem resposta",
    noneAnswered: "Ainda não respondeu a nenhum dos {{total}} itens. Responda a pelo menos um antes de submeter.",
    partial:
      "Respondeu a {{answered}} de {{total}} itens. «Sem opinião» conta como resposta; um item em branco não. Se submeter agora, a ronda conta como parcial.",
    unansweredList: "Itens sem resposta",
    inPart: " (parte {{part}})",
    canStill:
      "Ainda é possível responder aos restantes até ao encerramento da ronda; as respostas são guardadas à medida que responde.",
    goBack: "Voltar e responder-lhes",
    withBlanks_one: "Submeter com {{n}} item sem resposta",
    withBlanks_other: "Submeter com {{n}} itens sem resposta",
  },
  waiting: {
    title: "À espera das suas respostas",
    open: "A <link>ronda {{round}} de <title/></link> está aberta.",
    openBy: "A <link>ronda {{round}} de <title/></link> está aberta — responda até <deadline/>.",
  },
} satisfies Messages<typeof en>;
