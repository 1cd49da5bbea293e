// The mails the panel receives, in each recipient's language ({{link}} is the personal link, added when sent).
export default {
  deadline: "Please answer by {{deadline}}.",
  noDeadline: "The round has no deadline yet.",
  closesOn: " The round closes on {{deadline}}.",
  invitation: {
    subject: "Invitation: {{title}}",
    body: 'Dear {{name}},\n\nyou are invited to take part in the Delphi consultation "{{title}}".\nOpen this personal link to join (valid 14 days, single use):\n{{link}}\n',
  },
  staffInvitation: {
    moderator:
      'You are invited as moderator of the Delphi consultation "{{title}}".\nOpen this personal link to join (valid 14 days, single use):\n{{link}}\n',
    observer:
      'You are invited as observer of the Delphi consultation "{{title}}".\nOpen this personal link to join (valid 14 days, single use):\n{{link}}\n',
  },
  signIn: {
    subject: "Your sign-in link · delphi-mlm",
    body: "Dear {{name}},\n\nhere is the sign-in link you asked for (valid 14 days, single use):\n{{link}}\n\nIf you did not ask for it, ignore this message.\n",
  },
  reminder: {
    subject: "Reminder: round {{number}} of {{title}}",
    body: 'Dear {{name}},\n\nround {{number}} of "{{title}}" is waiting for your answers.{{closes}}\nContinue here:\n{{link}}\n',
  },
  roundOpened: {
    subject: "Round {{number}} of {{title}} is open",
    body: 'Dear {{name}},\n\nround {{number}} of the Delphi consultation "{{title}}" is open. {{deadline}}\nOpen it here:\n{{link}}\n',
  },
};
