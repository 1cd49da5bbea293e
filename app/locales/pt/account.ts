import type { Messages } from "../types";
import type en from "../en/account";

export default {
  meta: {
    login: "Iniciar sessão · delphi-mlm",
    invite: "Participar na consulta · delphi-mlm",
    tokens: "Tokens de API · delphi-mlm",
    password: "Palavra-passe · delphi-mlm",
  },
  login: {
    missing: "Introduza o endereço de e-mail e a palavra-passe.",
    wrong: "Endereço de e-mail ou palavra-passe incorretos.",
    linkSent:
      "Se este endereço pertencer a uma conta que inicia sessão por ligação, uma nova ligação de início de sessão está a caminho. As contas com palavra-passe iniciam sessão com ela.",
    title: "Iniciar sessão",
    failed: "Não foi possível iniciar sessão",
    email: "Endereço de e-mail",
    password: "Palavra-passe",
    submit: "Iniciar sessão",
    invited: "Convidado por um moderador?",
    noPassword: "Ainda sem palavra-passe? Enviamos uma nova ligação pessoal de início de sessão para o seu endereço.",
    address: "O seu endereço",
    sendLink: "Enviar-me uma ligação de início de sessão",
  },
  invite: {
    titleStudy: "Está convidado para «{{title}}»",
    title: "Está convidado para uma consulta Delphi",
    anonymous:
      "As respostas são anónimas: os outros painelistas só veem as respostas do grupo e comentários anónimos. Esta ligação inicia sessão uma única vez; mantenha-a privada. Se já tiver uma conta aqui, será pedido que inicie sessão primeiro.",
    signedInAs:
      "Sessão iniciada como {{email}}: a ligação só associa esta conta se tiver sido enviada para este endereço.",
    join: "Participar na consulta",
  },
  password: {
    differ: "Palavra-passe inválida: confirmação: as duas palavras-passe são diferentes",
    saved: "Palavra-passe guardada. A partir de agora, inicie sessão com o endereço de e-mail e esta palavra-passe.",
    change: "Alterar a palavra-passe",
    set: "Definir uma palavra-passe",
    account: "Conta {{email}}.",
    byLink:
      "Iniciou sessão com uma ligação pessoal. Defina uma palavra-passe para iniciar sessão como {{email}} sem ligação; a partir daí, as ligações de início de sessão deixam de dar acesso.",
    current: "Palavra-passe atual",
    new: "Nova palavra-passe (pelo menos 10 carateres)",
    repeat: "Repita a nova palavra-passe",
    save: "Guardar a palavra-passe",
  },
  tokens: {
    title: "Tokens de API",
    intro:
      "Utilize um token como <code>Authorization: Bearer …</code> com a API JSON (<code>/api/v1</code>, descrita em <code>/api/v1/openapi.json</code>). Um token <strong>read</strong> só permite ler; um token <strong>read-write</strong> permite tudo o que a sua conta permite. Os tokens não podem criar, listar nem revogar tokens: isso faz-se nesta página.",
    copyNow: "Copie o token agora: só é mostrado uma vez",
    name: "Nome do token",
    namePlaceholder: "script de repetição",
    scope: "Âmbito",
    scopeRead: "read (só GET)",
    scopeReadWrite: "read-write",
    expires: "Expira",
    expiry: {
      days30: "dentro de 30 dias",
      days90: "dentro de 90 dias",
      year: "dentro de um ano",
      never: "nunca",
    },
    create: "Criar token",
    none: "Ainda não há tokens.",
    table: "Os seus tokens de API",
    column: {
      name: "Nome",
      scope: "Âmbito",
      created: "Criado",
      lastUsed: "Última utilização",
      expires: "Expira",
      status: "Estado",
    },
    never: "nunca",
    status: {
      active: "ativo",
      expired: "expirado",
      revoked: "revogado",
    },
    revoke: "Revogar",
    revokeName: "Revogar {{name}}",
  },
} satisfies Messages<typeof en>;
