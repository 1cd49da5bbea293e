import type { Messages } from "../types";
import type en from "../en/mail";

export default {
  deadline: "Merci de répondre avant le {{deadline}}.",
  noDeadline: "Ce tour n’a pas encore de date limite.",
  closesOn: " Le tour se termine le {{deadline}}.",
  invitation: {
    subject: "Invitation : {{title}}",
    body: "Bonjour {{name}},\n\nnous vous invitons à participer à la consultation Delphi « {{title}} ».\nOuvrez ce lien personnel pour y participer (valable 14 jours, à usage unique) :\n{{link}}\n",
  },
  staffInvitation: {
    moderator:
      "Vous êtes invité(e) comme modérateur de la consultation Delphi « {{title}} ».\nOuvrez ce lien personnel pour y participer (valable 14 jours, à usage unique) :\n{{link}}\n",
    observer:
      "Vous êtes invité(e) comme observateur de la consultation Delphi « {{title}} ».\nOuvrez ce lien personnel pour y participer (valable 14 jours, à usage unique) :\n{{link}}\n",
  },
  signIn: {
    subject: "Votre lien de connexion · delphi-mlm",
    body: "Bonjour {{name}},\n\nvoici le lien de connexion que vous avez demandé (valable 14 jours, à usage unique) :\n{{link}}\n\nSi vous ne l’avez pas demandé, ignorez ce message.\n",
  },
  reminder: {
    subject: "Rappel : tour {{number}} de {{title}}",
    body: "Bonjour {{name}},\n\nle tour {{number}} de « {{title}} » attend vos réponses.{{closes}}\nContinuer ici :\n{{link}}\n",
  },
  roundOpened: {
    subject: "Le tour {{number}} de {{title}} est ouvert",
    body: "Bonjour {{name}},\n\nle tour {{number}} de la consultation Delphi « {{title}} » est ouvert. {{deadline}}\nOuvrez-le ici :\n{{link}}\n",
  },
} satisfies Messages<typeof en>;
