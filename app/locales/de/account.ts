import type { Messages } from "../types";
import type en from "../en/account";

export default {
  meta: {
    login: "Anmelden · delphi-mlm",
    invite: "Der Konsultation beitreten · delphi-mlm",
    tokens: "API-Tokens · delphi-mlm",
    password: "Passwort · delphi-mlm",
  },
  login: {
    missing: "Geben Sie Ihre E-Mail-Adresse und Ihr Passwort ein.",
    wrong: "E-Mail-Adresse oder Passwort ist falsch.",
    linkSent:
      "Wenn diese Adresse zu einem Konto gehört, das sich per Link anmeldet, ist ein neuer Anmeldelink unterwegs. Konten mit Passwort melden sich mit diesem an.",
    title: "Anmelden",
    failed: "Anmeldung fehlgeschlagen",
    email: "E-Mail",
    password: "Passwort",
    submit: "Anmelden",
    invited: "Von einem Moderator eingeladen?",
    noPassword: "Noch kein Passwort? Wir senden Ihnen einen neuen persönlichen Anmeldelink an Ihre Adresse.",
    address: "Ihre Adresse",
    sendLink: "Anmeldelink per E-Mail senden",
  },
  invite: {
    titleStudy: "Sie sind zu „{{title}}“ eingeladen",
    title: "Sie sind zu einer Delphi-Konsultation eingeladen",
    anonymous:
      "Ihre Antworten sind anonym: Andere Panelmitglieder sehen nur die Antworten der Gruppe und anonyme Kommentare. Dieser Link meldet Sie einmal an; behandeln Sie ihn vertraulich. Wenn Sie hier bereits ein Konto haben, werden Sie zuerst gebeten, sich anzumelden.",
    signedInAs:
      "Angemeldet als {{email}}: Der Link fügt dieses Konto nur hinzu, wenn er an diese Adresse gesendet wurde.",
    join: "Der Konsultation beitreten",
  },
  password: {
    differ: "Ungültiges Passwort: Bestätigung: Die beiden Passwörter stimmen nicht überein",
    saved: "Passwort gespeichert. Melden Sie sich ab jetzt mit Ihrer E-Mail-Adresse und diesem Passwort an.",
    change: "Passwort ändern",
    set: "Passwort festlegen",
    account: "Konto {{email}}.",
    byLink:
      "Sie haben sich mit einem persönlichen Link angemeldet. Legen Sie ein Passwort fest, um sich ohne Link als {{email}} anzumelden; Anmeldelinks melden Sie danach nicht mehr an.",
    current: "Aktuelles Passwort",
    new: "Neues Passwort (mindestens 10 Zeichen)",
    repeat: "Neues Passwort wiederholen",
    save: "Passwort speichern",
  },
  tokens: {
    title: "API-Tokens",
    intro:
      "Verwenden Sie ein Token als <code>Authorization: Bearer …</code> mit der JSON-API (<code>/api/v1</code>, beschrieben unter <code>/api/v1/openapi.json</code>). Ein <strong>read</strong>-Token kann nur lesen; ein <strong>read-write</strong>-Token kann alles, was Sie können. Tokens können keine Tokens erstellen, auflisten oder widerrufen: Dafür ist diese Seite da.",
    copyNow: "Kopieren Sie Ihr Token jetzt: Es wird nur einmal angezeigt",
    name: "Name des Tokens",
    namePlaceholder: "Replay-Skript",
    scope: "Berechtigung",
    scopeRead: "read (nur GET)",
    scopeReadWrite: "read-write",
    expires: "Läuft ab",
    expiry: {
      days30: "in 30 Tagen",
      days90: "in 90 Tagen",
      year: "in einem Jahr",
      never: "nie",
    },
    create: "Token erstellen",
    none: "Noch keine Tokens.",
    table: "Ihre API-Tokens",
    column: {
      name: "Name",
      scope: "Berechtigung",
      created: "Erstellt",
      lastUsed: "Zuletzt verwendet",
      expires: "Läuft ab",
      status: "Status",
    },
    never: "nie",
    status: {
      active: "aktiv",
      expired: "abgelaufen",
      revoked: "widerrufen",
    },
    revoke: "Widerrufen",
    revokeName: "{{name}} widerrufen",
  },
} satisfies Messages<typeof en>;
