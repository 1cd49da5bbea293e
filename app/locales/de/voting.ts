import type { Messages } from "../types";
import type en from "../en/voting";

export default {
  meta: {
    title: "Runde {{number}} · {{title}}",
  },
  page: {
    heading: "{{title}} — Runde {{number}}",
    answerAs: "Sie antworten als {{pseudonym}}; niemand sieht, wer was geantwortet hat.",
    previewAs: "Vorschau als {{role}}.",
    realtimeRound:
      "Eine Echtzeit-Runde: Sobald Sie ein Item beantwortet haben, sehen Sie die aktuellen Antworten und Begründungen des Panels, live aktualisiert, und Sie können jede Antwort ändern, bis das Zeitfenster endet.",
    openRound:
      "Eine offene Runde: Kommentieren Sie den Modellentwurf und schlagen Sie vor, was fehlt; es wird nichts bewertet.",
    closes: "Endet am <deadline/>.",
    notOpenTitle: "Runde {{number}}: {{status}}",
    notOpenYet: "Sie wurde noch nicht geöffnet.",
    noLongerOpen: "Sie nimmt keine Antworten mehr an. Vielen Dank für Ihre Teilnahme.",
    rated: "{{answered}} von {{total}} bewertet",
    finished_one: "{{finished}} von {{count}} Panelmitglied hat abgeschickt",
    finished_other: "{{finished}} von {{count}} Panelmitgliedern haben abgeschickt",
    progress: "Ihr Fortschritt",
    nextPart: "Nächster Teil: {{first}}–{{last}}",
  },
  role: {
    moderator: "Moderator",
    panellist: "Panelmitglied",
    observer: "Beobachter",
  },
  status: {
    draft: "Entwurf",
    open: "offen",
    closed: "geschlossen",
    published: "veröffentlicht",
  },
  item: {
    showOriginal: "Originalformulierung anzeigen ({{language}})",
    showTranslated: "Formulierung auf {{language}} anzeigen",
    untranslated:
      "Nicht ins {{language}} übersetzt: Dieses Item wurde umformuliert, daher wird die Originalformulierung ({{source}}) angezeigt.",
    writtenIn: "Verfasst auf {{language}}",
    kind: {
      domain: "Domäne",
      subdomain: "Subdomäne",
      indicator: "Indikator",
      levels: "die fünf Stufenbeschreibungen",
    },
    levelsLabel: "{{key}} (Stufen)",
    saving: "Wird gespeichert…",
    saved: "Gespeichert {{time}}",
    keptOnDevice: "Auf diesem Gerät aufbewahrt",
    notSaved: "Nicht gespeichert",
    openRoundQuestion:
      "Offene Runde: Kommentieren Sie dieses Item des Modellentwurfs oder schlagen Sie eine Umformulierung vor; es wird nichts bewertet.",
    yourRating: "Ihre Bewertung von {{label}}",
    retry: "Erneut versuchen",
    comment: "Kommentar (optional)",
    suggestion: "Vorgeschlagene Umformulierung (optional)",
    openRationale: "Gemeinsame Begründung und vorgeschlagene Formulierung des Panels öffnen",
    hideRationale: "Gemeinsame Begründung und vorgeschlagene Formulierung des Panels ausblenden",
    observer: "Beobachter",
    moderator: "Moderator",
    rationaleFor: "Gemeinsame Begründung zu {{label}}",
  },
  answer: {
    counter: "{{length}} von {{limit}} Zeichen",
    tooLong: {
      comment: "Ihr Kommentar hat {{length}} Zeichen; erlaubt sind {{limit}}. Kürzen Sie ihn, um ihn zu speichern.",
      suggestion:
        "Ihre vorgeschlagene Umformulierung hat {{length}} Zeichen; erlaubt sind {{limit}}. Kürzen Sie sie, um sie zu speichern.",
    },
    failed: "Speichern fehlgeschlagen ({{status}})",
    tooLongSave: "Nicht gespeichert: Ein Text ist zu lang (siehe unten).",
    offline:
      "Noch nicht gespeichert: Die Verbindung ist unterbrochen. Ihr Text bleibt auf diesem Gerät und wird gespeichert, sobald Sie wieder online sind.",
  },
  scale: {
    stronglyDisagree: "Stimme überhaupt nicht zu",
    disagree: "Stimme nicht zu",
    neutral: "Neutral",
    agree: "Stimme zu",
    stronglyAgree: "Stimme voll zu",
    point: "{{point}} – {{label}}",
    noOpinionLong: "Keine Meinung / kann ich nicht beurteilen",
    noOpinion: "Keine Meinung",
    anchor: "{{point}} = {{label}}",
  },
  feedback: {
    distribution: "Verteilung in der vorigen Runde",
    yourAnswer: " ← Ihre Antwort",
    suggested: "Vorgeschlagene Formulierung: {{text}}",
    summary_one: "Vorige Runde: {{count}} Bewertung · Median {{median}} · Zustimmung {{agreement}}",
    summary_other: "Vorige Runde: {{count}} Bewertungen · Median {{median}} · Zustimmung {{agreement}}",
    summaryNoOpinion_one:
      "Vorige Runde: {{count}} Bewertung, {{noOpinion}} ohne Meinung · Median {{median}} · Zustimmung {{agreement}}",
    summaryNoOpinion_other:
      "Vorige Runde: {{count}} Bewertungen, {{noOpinion}} ohne Meinung · Median {{median}} · Zustimmung {{agreement}}",
    percent: "{{value}} %",
    previousNoOpinion: "Ihre vorige Antwort: keine Meinung",
    wordingChanged: "Formulierung seit der vorigen Runde geändert:",
    added: "hinzugefügt: {{text}}",
    removed: "entfernt: {{text}}",
    comments: "Kommentare des Panels (anonym):",
    showAll: "Alle {{count}} Kommentare anzeigen",
    sharedRationale: "Gemeinsame Begründung des Panels in Runde {{round}} (nur lesbar)",
  },
  live: {
    minGroup_one:
      "Die Antworten des Panels werden angezeigt, sobald mindestens {{count}} Panelmitglied dieses Item beantwortet hat.",
    minGroup_other:
      "Die Antworten des Panels werden angezeigt, sobald mindestens {{count}} Panelmitglieder dieses Item beantwortet haben.",
    changed: "Das Panel hat sich verändert, seit Sie geantwortet haben.",
    figures_one:
      "Das Panel jetzt: {{count}} Bewertung · Median {{median}} · IQR {{q1}}–{{q3}} · Zustimmung {{agreement}}",
    figures_other:
      "Das Panel jetzt: {{count}} Bewertungen · Median {{median}} · IQR {{q1}}–{{q3}} · Zustimmung {{agreement}}",
    figuresNoOpinion_one:
      "Das Panel jetzt: {{count}} Bewertung, {{noOpinion}} ohne Meinung · Median {{median}} · IQR {{q1}}–{{q3}} · Zustimmung {{agreement}}",
    figuresNoOpinion_other:
      "Das Panel jetzt: {{count}} Bewertungen, {{noOpinion}} ohne Meinung · Median {{median}} · IQR {{q1}}–{{q3}} · Zustimmung {{agreement}}",
    ownNoOpinion: "Ihre Antwort: keine Meinung",
    outsideThanks:
      "Ihre Antwort liegt außerhalb der mittleren Hälfte der Antworten des Panels (IQR {{q1}}–{{q3}}). Vielen Dank für Ihre Begründung.",
    outsideAsk:
      "Ihre Antwort liegt außerhalb der mittleren Hälfte der Antworten des Panels (IQR {{q1}}–{{q3}}). Möchten Sie Ihre Begründung im Kommentar unten angeben? (optional)",
    reasons: "Begründungen des Panels (anonym):",
    updated: "Aktualisiert um {{time}}",
  },
  distribution: {
    title: "Verteilung der Bewertungen",
    perPoint: "Bewertungen je Skalenpunkt: {{counts}}",
    share: " ({{value}} %)",
    rated: "{{n}} bewertet",
    ratedNoOpinion: "{{n}} bewertet · {{noOpinion}} ohne Meinung (nicht in den Prozentangaben enthalten)",
  },
  editor: {
    withPanel: "Gemeinsam mit dem Panel bearbeitet, anonym.",
    readOnly: "Sie können dies lesen, aber nicht bearbeiten.",
    alsoHere: "Ebenfalls hier: {{names}}.",
    status: {
      live: "live",
      "read-only": "nur lesbar",
      connecting: "verbindet",
      connected: "verbunden",
      offline: "offline",
      "too-large": "zu groß",
      refused: "abgelehnt",
    },
    tooLarge:
      "Diese Änderung war zu groß zum Teilen; sie wurde nicht gespeichert. Laden Sie die Seite neu, um fortzufahren.",
    refused:
      "Diese Änderung konnte nicht geteilt werden; sie wurde nicht gespeichert. Laden Sie die Seite neu, um fortzufahren.",
  },
  proposals: {
    outcomesTitle: "Was aus Ihren Vorschlägen wurde",
    outcome: "Ihr Vorschlag {{label}} (Runde {{round}}, {{target}}): {{outcome}}",
    current: "Ihre Vorschläge in dieser Runde",
    under: "<strong>{{label}}</strong> unter {{target}}:",
    withdraw: "Zurückziehen",
  },
  propose: {
    summary: "Einen fehlenden Indikator / eine Änderung vorschlagen",
    formLabel: "Vorschlag unter {{target}}",
    note: "Unter {{target}} {{title}}. Die Moderatoren lesen die Vorschläge nach dem Ende der Runde, ohne Ihren Namen oder Ihr Pseudonym.",
    what: "Was schlagen Sie vor?",
    indicator: "Einen fehlenden Indikator",
    restructuring: "Eine Änderung der Struktur (zusammenführen, verschieben, aufteilen)",
    statement: "Aussage des Indikators",
    levels: "Stufenbeschreibungen (optional, alle fünf)",
    level: "Stufe {{level}}",
    change: "Was zusammengeführt, verschoben oder aufgeteilt werden soll",
    reason: "Begründung",
    send: "Vorschlag senden",
    sent: "Gesendet als {{label}}",
  },
  restructured: {
    title: "Das Modell wurde nach Runde {{round}} umstrukturiert",
    intro: "Was aus den Items der Runde {{round}} wurde:",
  },
  parts: {
    label: "Teile dieser Runde",
  },
  contents: {
    label: "Inhalt dieser Runde",
    summary: "Inhalt: {{sections}} Abschnitte in {{parts}} Teilen",
    part: "Teil {{part}} ({{answered}} von {{items}} beantwortet)",
    answered: "{{done}} von {{items}} beantwortet",
  },
  submit: {
    submitted:
      "✓ Abgeschickt: Sie können Ihre Antworten bis zum Ende der Runde noch ändern; sie werden laufend gespeichert.",
    button: "Runde abschicken",
    stillUnanswered_one: "{{n}} Item ist noch unbeantwortet.",
    stillUnanswered_other: "{{n}} Items sind noch unbeantwortet.",
    nextUnanswered: "Nächstes unbeantwortetes: {{key}}",
    nothingYet: "Noch nichts beantwortet",
    unansweredTitle_one: "{{n}} Item ist unbeantwortet",
    unansweredTitle_other: "{{n}} Items sind unbeantwortet",
    noneAnswered:
      "Sie haben noch keines der {{total}} Items beantwortet. Beantworten Sie mindestens eines, bevor Sie abschicken.",
    partial:
      "Sie haben {{answered}} von {{total}} Items beantwortet. „Keine Meinung“ zählt als Antwort, ein leeres Item nicht. Wenn Sie jetzt abschicken, gilt Ihre Runde als unvollständig.",
    unansweredList: "Unbeantwortete Items",
    inPart: " (Teil {{part}})",
    canStill:
      "Sie können die übrigen bis zum Ende der Runde noch beantworten; Ihre Antworten werden laufend gespeichert.",
    goBack: "Zurück, um sie zu beantworten",
    withBlanks_one: "Mit {{n}} unbeantwortetem Item abschicken",
    withBlanks_other: "Mit {{n}} unbeantworteten Items abschicken",
  },
  waiting: {
    title: "Ihre Antworten werden erwartet",
    open: "<link>Runde {{round}} von <title/></link> ist offen.",
    openBy: "<link>Runde {{round}} von <title/></link> ist offen — antworten Sie bis <deadline/>.",
  },
} satisfies Messages<typeof en>;
