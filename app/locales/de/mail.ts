import type { Messages } from "../types";
import type en from "../en/mail";

export default {
  deadline: "Bitte antworten Sie bis {{deadline}}.",
  noDeadline: "Die Runde hat noch keine Frist.",
  closesOn: " Die Runde endet am {{deadline}}.",
  invitation: {
    subject: "Einladung: {{title}}",
    body: "Guten Tag {{name}},\n\nSie sind eingeladen, an der Delphi-Konsultation „{{title}}“ teilzunehmen.\nÖffnen Sie diesen persönlichen Link, um teilzunehmen (14 Tage gültig, einmal verwendbar):\n{{link}}\n",
  },
  staffInvitation: {
    moderator:
      "Sie sind als Moderator der Delphi-Konsultation „{{title}}“ eingeladen.\nÖffnen Sie diesen persönlichen Link, um teilzunehmen (14 Tage gültig, einmal verwendbar):\n{{link}}\n",
    observer:
      "Sie sind als Beobachter der Delphi-Konsultation „{{title}}“ eingeladen.\nÖffnen Sie diesen persönlichen Link, um teilzunehmen (14 Tage gültig, einmal verwendbar):\n{{link}}\n",
  },
  signIn: {
    subject: "Ihr Anmeldelink · delphi-mlm",
    body: "Guten Tag {{name}},\n\nhier ist der Anmeldelink, den Sie angefordert haben (14 Tage gültig, einmal verwendbar):\n{{link}}\n\nWenn Sie ihn nicht angefordert haben, ignorieren Sie diese Nachricht.\n",
  },
  reminder: {
    subject: "Erinnerung: Runde {{number}} von {{title}}",
    body: "Guten Tag {{name}},\n\nRunde {{number}} von „{{title}}“ wartet auf Ihre Antworten.{{closes}}\nHier geht es weiter:\n{{link}}\n",
  },
  roundOpened: {
    subject: "Runde {{number}} von {{title}} ist geöffnet",
    body: "Guten Tag {{name}},\n\nRunde {{number}} der Delphi-Konsultation „{{title}}“ ist geöffnet. {{deadline}}\nHier öffnen:\n{{link}}\n",
  },
} satisfies Messages<typeof en>;
