import type { Messages } from "../types";
import type en from "../en/voting";

export default {
  meta: {
    title: "Tour {{number}} · {{title}}",
  },
  page: {
    heading: "{{title}} — tour {{number}}",
    answerAs: "Vous répondez en tant que {{pseudonym}} ; personne ne voit qui a répondu quoi.",
    previewAs: "Aperçu en tant que {{role}}.",
    realtimeRound:
      "Un tour en temps réel : dès que vous répondez à un élément, vous voyez les réponses et les justifications actuelles du panel, mises à jour en direct, et vous pouvez modifier toute réponse jusqu’à la fin de la période.",
    openRound:
      "Un tour ouvert : commentez le projet de modèle et proposez ce qui manque ; aucune évaluation n’est demandée.",
    closes: "Clôture le <deadline/>.",
    notOpenTitle: "Tour {{number}} : {{status}}",
    notOpenYet: "Il n’est pas encore ouvert.",
    noLongerOpen: "Il n’accepte plus de réponses. Merci de votre participation.",
    rated: "{{answered}} sur {{total}} évalués",
    finished_one: "{{finished}} panéliste sur {{count}} a soumis ses réponses",
    finished_other: "{{finished}} panélistes sur {{count}} ont soumis leurs réponses",
    progress: "Votre progression",
    nextPart: "Partie suivante : {{first}}–{{last}}",
  },
  role: {
    moderator: "modérateur",
    panellist: "panéliste",
    observer: "observateur",
  },
  status: {
    draft: "brouillon",
    open: "ouvert",
    closed: "clôturé",
    published: "publié",
  },
  item: {
    showOriginal: "Afficher la formulation d’origine ({{language}})",
    showTranslated: "Afficher la formulation en {{language}}",
    untranslated:
      "Non traduit en {{language}} : cet élément a été reformulé, sa formulation d’origine ({{source}}) est donc affichée.",
    writtenIn: "Écrit en {{language}}",
    kind: {
      domain: "domaine",
      subdomain: "sous-domaine",
      indicator: "indicateur",
      levels: "les cinq descripteurs de niveau",
    },
    levelsLabel: "{{key}} (niveaux)",
    saving: "Enregistrement…",
    saved: "Enregistré {{time}}",
    keptOnDevice: "Conservé sur cet appareil",
    notSaved: "Non enregistré",
    openRoundQuestion:
      "Tour ouvert : commentez cet élément du projet de modèle ou proposez une reformulation ; aucune évaluation n’est demandée.",
    yourRating: "Votre évaluation de {{label}}",
    retry: "Réessayer",
    comment: "Commentaire (facultatif)",
    suggestion: "Reformulation proposée (facultatif)",
    openRationale: "Ouvrir la justification commune et la formulation proposée par le panel",
    hideRationale: "Masquer la justification commune et la formulation proposée par le panel",
    observer: "Observateur",
    moderator: "Modérateur",
    rationaleFor: "Justification commune pour {{label}}",
  },
  answer: {
    counter: "{{length}} caractères sur {{limit}}",
    tooLong: {
      comment:
        "Votre commentaire compte {{length}} caractères ; la limite est de {{limit}}. Raccourcissez-le pour l’enregistrer.",
      suggestion:
        "Votre reformulation proposée compte {{length}} caractères ; la limite est de {{limit}}. Raccourcissez-la pour l’enregistrer.",
    },
    failed: "Échec de l’enregistrement ({{status}})",
    tooLongSave: "Non enregistré : un texte est trop long (voir ci-dessous).",
    offline:
      "Pas encore enregistré : la connexion est perdue. Votre texte est conservé sur cet appareil et sera enregistré dès votre retour en ligne.",
  },
  scale: {
    stronglyDisagree: "Pas du tout d’accord",
    disagree: "Pas d’accord",
    neutral: "Neutre",
    agree: "D’accord",
    stronglyAgree: "Tout à fait d’accord",
    point: "{{point}} – {{label}}",
    noOpinionLong: "Sans opinion / ne peut pas juger",
    noOpinion: "Sans opinion",
    anchor: "{{point}} = {{label}}",
  },
  feedback: {
    distribution: "Répartition au tour précédent",
    yourAnswer: " ← votre réponse",
    suggested: "Formulation proposée : {{text}}",
    summary_one: "Tour précédent : {{count}} évaluation · médiane {{median}} · accord {{agreement}}",
    summary_other: "Tour précédent : {{count}} évaluations · médiane {{median}} · accord {{agreement}}",
    summaryNoOpinion_one:
      "Tour précédent : {{count}} évaluation, {{noOpinion}} sans opinion · médiane {{median}} · accord {{agreement}}",
    summaryNoOpinion_other:
      "Tour précédent : {{count}} évaluations, {{noOpinion}} sans opinion · médiane {{median}} · accord {{agreement}}",
    percent: "{{value}} %",
    previousNoOpinion: "Votre réponse précédente : sans opinion",
    wordingChanged: "Formulation modifiée depuis le tour précédent :",
    added: "ajouté : {{text}}",
    removed: "supprimé : {{text}}",
    comments: "Commentaires du panel (anonymes) :",
    showAll: "Afficher les {{count}} commentaires",
    sharedRationale: "Justification commune du panel au tour {{round}} (lecture seule)",
  },
  live: {
    minGroup_one: "Les réponses du panel s’affichent dès qu’au moins {{count}} panéliste a répondu à cet élément.",
    minGroup_other: "Les réponses du panel s’affichent dès qu’au moins {{count}} panélistes ont répondu à cet élément.",
    changed: "Le panel a évolué depuis votre réponse.",
    figures_one:
      "Le panel actuellement : {{count}} évaluation · médiane {{median}} · IQR {{q1}}–{{q3}} · accord {{agreement}}",
    figures_other:
      "Le panel actuellement : {{count}} évaluations · médiane {{median}} · IQR {{q1}}–{{q3}} · accord {{agreement}}",
    figuresNoOpinion_one:
      "Le panel actuellement : {{count}} évaluation, {{noOpinion}} sans opinion · médiane {{median}} · IQR {{q1}}–{{q3}} · accord {{agreement}}",
    figuresNoOpinion_other:
      "Le panel actuellement : {{count}} évaluations, {{noOpinion}} sans opinion · médiane {{median}} · IQR {{q1}}–{{q3}} · accord {{agreement}}",
    ownNoOpinion: "Votre réponse : sans opinion",
    outsideThanks:
      "Votre réponse se situe en dehors de la moitié centrale des réponses du panel (IQR {{q1}}–{{q3}}). Merci pour votre justification.",
    outsideAsk:
      "Votre réponse se situe en dehors de la moitié centrale des réponses du panel (IQR {{q1}}–{{q3}}). Pourriez-vous en donner la raison dans le commentaire ci-dessous ? (facultatif)",
    reasons: "Justifications du panel (anonymes) :",
    updated: "Mis à jour à {{time}}",
  },
  distribution: {
    title: "Répartition des évaluations",
    perPoint: "Évaluations par point de l’échelle : {{counts}}",
    share: " ({{value}} %)",
    rated: "{{n}} évaluations",
    ratedNoOpinion: "{{n}} évaluations · {{noOpinion}} sans opinion (non comptées dans les pourcentages)",
  },
  editor: {
    withPanel: "Rédigé avec le panel, de façon anonyme.",
    readOnly: "Vous pouvez lire ce document, mais pas le modifier.",
    alsoHere: "Également présents : {{names}}.",
    status: {
      live: "en direct",
      "read-only": "lecture seule",
      connecting: "connexion…",
      connected: "connecté",
      offline: "hors ligne",
      "too-large": "trop volumineux",
      refused: "refusé",
    },
    tooLarge:
      "Cette modification était trop volumineuse pour être partagée ; elle n’a pas été enregistrée. Rechargez la page pour continuer.",
    refused:
      "Cette modification n’a pas pu être partagée ; elle n’a pas été enregistrée. Rechargez la page pour continuer.",
  },
  proposals: {
    outcomesTitle: "Ce que sont devenues vos propositions",
    outcome: "Votre proposition {{label}} (tour {{round}}, {{target}}) : {{outcome}}",
    current: "Vos propositions dans ce tour",
    under: "<strong>{{label}}</strong> sous {{target}} :",
    withdraw: "Retirer",
  },
  propose: {
    summary: "Proposer un indicateur manquant / une modification",
    formLabel: "Proposer sous {{target}}",
    note: "Sous {{target}} {{title}}. Les modérateurs lisent les propositions après la clôture du tour, sans votre nom ni votre pseudonyme.",
    what: "Que proposez-vous ?",
    indicator: "Un indicateur manquant",
    restructuring: "Une modification de la structure (fusionner, déplacer, scinder)",
    statement: "Énoncé de l’indicateur",
    levels: "Descripteurs de niveau (facultatif, les cinq)",
    level: "Niveau {{level}}",
    change: "Ce qu’il faut fusionner, déplacer ou scinder",
    reason: "Justification",
    send: "Envoyer la proposition",
    sent: "Envoyée sous {{label}}",
  },
  restructured: {
    title: "Le modèle a été restructuré après le tour {{round}}",
    intro: "Ce que sont devenus les éléments du tour {{round}} :",
  },
  parts: {
    label: "Parties de ce tour",
  },
  contents: {
    label: "Sommaire de ce tour",
    summary: "Sommaire : {{sections}} sections en {{parts}} parties",
    part: "Partie {{part}} ({{answered}} sur {{items}} répondus)",
    answered: "{{done}} sur {{items}} répondus",
  },
  submit: {
    submitted:
      "✓ Soumis : vous pouvez encore modifier vos réponses jusqu’à la clôture du tour ; elles sont enregistrées au fur et à mesure.",
    button: "Soumettre le tour",
    stillUnanswered_one: "{{n}} élément est encore sans réponse.",
    stillUnanswered_other: "{{n}} éléments sont encore sans réponse.",
    nextUnanswered: "Prochain sans réponse : {{key}}",
    nothingYet: "Aucune réponse pour l’instant",
    unansweredTitle_one: "{{n}} élément est sans réponse",
    unansweredTitle_other: "{{n}} éléments sont sans réponse",
    noneAnswered:
      "Vous n’avez encore répondu à aucun des {{total}} éléments. Répondez à au moins un élément avant de soumettre.",
    partial:
      "Vous avez répondu à {{answered}} éléments sur {{total}}. « Sans opinion » compte comme une réponse ; un élément laissé vide, non. Si vous soumettez maintenant, votre tour sera considéré comme partiel.",
    unansweredList: "Éléments sans réponse",
    inPart: " (partie {{part}})",
    canStill:
      "Vous pouvez encore répondre aux autres éléments jusqu’à la clôture du tour ; vos réponses sont enregistrées au fur et à mesure.",
    goBack: "Revenir pour y répondre",
    withBlanks_one: "Soumettre avec {{n}} élément sans réponse",
    withBlanks_other: "Soumettre avec {{n}} éléments sans réponse",
  },
  waiting: {
    title: "Vos réponses sont attendues",
    open: "Le <link>tour {{round}} de <title/></link> est ouvert.",
    openBy: "Le <link>tour {{round}} de <title/></link> est ouvert — répondez avant le <deadline/>.",
  },
} satisfies Messages<typeof en>;
