import type { Messages } from "../types";
import type en from "../en/common";

export default {
  appName: "delphi-mlm",
  skipToContent: "Zum Inhalt springen",
  toggleNavigation: "Navigation ein- oder ausblenden",
  accountMenuFor: "Kontomenü von {{name}}",
  nav: {
    consultations: "Konsultationen",
    models: "Modelle",
    apiTokens: "API-Tokens",
    password: "Passwort",
    logOut: "Abmelden",
    logIn: "Anmelden",
    admin: "Admin",
    main: "Hauptnavigation",
  },
  language: {
    current: "Sprache: {{language}}",
    label: "Sprache",
    browserDefault: "Wie im Browser eingestellt",
  },
  error: {
    somethingWrong: "Etwas ist schiefgelaufen",
    tryAgain: "Bitte versuchen Sie es erneut oder kehren Sie zu den Modellen zurück.",
    backToModels: "Zurück zu den Modellen",
  },
} satisfies Messages<typeof en>;
