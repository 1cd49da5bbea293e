// The app shell, sign-in, account and the messages every page shares.
export default {
  appName: "delphi-mlm",
  skipToContent: "Skip to content",
  toggleNavigation: "Toggle navigation",
  accountMenuFor: "Account menu for {{name}}",
  nav: {
    consultations: "Consultations",
    models: "Models",
    apiTokens: "API tokens",
    password: "Password",
    logOut: "Log out",
    logIn: "Log in",
    admin: "admin",
    main: "Main navigation",
  },
  language: {
    current: "Language: {{language}}",
    label: "Language",
    browserDefault: "As my browser asks",
  },
  error: {
    somethingWrong: "Something went wrong",
    tryAgain: "Please try again, or go back to the models.",
    backToModels: "Back to the models",
  },
};
