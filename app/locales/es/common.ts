import type { Messages } from "../types";
import type en from "../en/common";

export default {
  appName: "delphi-mlm",
  skipToContent: "Saltar al contenido",
  toggleNavigation: "Mostrar u ocultar la navegación",
  accountMenuFor: "Menú de la cuenta de {{name}}",
  nav: {
    consultations: "Consultas",
    models: "Modelos",
    apiTokens: "Tokens de API",
    password: "Contraseña",
    logOut: "Cerrar sesión",
    logIn: "Iniciar sesión",
    admin: "admin",
    main: "Navegación principal",
  },
  language: {
    current: "Idioma: {{language}}",
    label: "Idioma",
    browserDefault: "Según mi navegador",
  },
  error: {
    somethingWrong: "Algo ha ido mal",
    tryAgain: "Inténtelo de nuevo o vuelva a los modelos.",
    backToModels: "Volver a los modelos",
  },
} satisfies Messages<typeof en>;
