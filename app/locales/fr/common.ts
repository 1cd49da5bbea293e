import type { Messages } from "../types";
import type en from "../en/common";

export default {
  appName: "delphi-mlm",
  skipToContent: "Aller au contenu",
  toggleNavigation: "Afficher ou masquer la navigation",
  accountMenuFor: "Menu du compte de {{name}}",
  nav: {
    consultations: "Consultations",
    models: "Modèles",
    apiTokens: "Jetons d’API",
    password: "Mot de passe",
    logOut: "Se déconnecter",
    logIn: "Se connecter",
    admin: "admin",
    main: "Navigation principale",
  },
  language: {
    current: "Langue : {{language}}",
    label: "Langue",
    browserDefault: "Selon mon navigateur",
  },
  error: {
    somethingWrong: "Une erreur s’est produite",
    tryAgain: "Veuillez réessayer, ou revenir aux modèles.",
    backToModels: "Retour aux modèles",
  },
} satisfies Messages<typeof en>;
