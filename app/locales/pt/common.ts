import type { Messages } from "../types";
import type en from "../en/common";

export default {
  appName: "delphi-mlm",
  skipToContent: "Saltar para o conteúdo",
  toggleNavigation: "Mostrar ou ocultar a navegação",
  accountMenuFor: "Menu da conta de {{name}}",
  nav: {
    consultations: "Consultas",
    models: "Modelos",
    apiTokens: "Tokens de API",
    password: "Palavra-passe",
    logOut: "Terminar sessão",
    logIn: "Iniciar sessão",
    admin: "admin",
    main: "Navegação principal",
  },
  language: {
    current: "Idioma: {{language}}",
    label: "Idioma",
    browserDefault: "Conforme o meu navegador",
  },
  error: {
    somethingWrong: "Algo correu mal",
    tryAgain: "Tente novamente ou volte aos modelos.",
    backToModels: "Voltar aos modelos",
  },
} satisfies Messages<typeof en>;
