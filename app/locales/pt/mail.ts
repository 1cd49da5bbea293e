import type { Messages } from "../types";
import type en from "../en/mail";

export default {
  deadline: "Por favor, responda até {{deadline}}.",
  noDeadline: "A ronda ainda não tem prazo.",
  closesOn: " A ronda termina a {{deadline}}.",
  invitation: {
    subject: "Convite: {{title}}",
    body: "Caro(a) {{name}},\n\nestá convidado(a) a participar na consulta Delphi «{{title}}».\nAbra esta ligação pessoal para participar (válida 14 dias, de utilização única):\n{{link}}\n",
  },
  staffInvitation: {
    moderator:
      "Está convidado(a) como moderador(a) da consulta Delphi «{{title}}».\nAbra esta ligação pessoal para participar (válida 14 dias, de utilização única):\n{{link}}\n",
    observer:
      "Está convidado(a) como observador(a) da consulta Delphi «{{title}}».\nAbra esta ligação pessoal para participar (válida 14 dias, de utilização única):\n{{link}}\n",
  },
  signIn: {
    subject: "A sua ligação de acesso · delphi-mlm",
    body: "Caro(a) {{name}},\n\naqui está a ligação de acesso que pediu (válida 14 dias, de utilização única):\n{{link}}\n\nSe não a pediu, ignore esta mensagem.\n",
  },
  reminder: {
    subject: "Lembrete: ronda {{number}} de {{title}}",
    body: "Caro(a) {{name}},\n\na ronda {{number}} de «{{title}}» aguarda as suas respostas.{{closes}}\nContinue aqui:\n{{link}}\n",
  },
  roundOpened: {
    subject: "A ronda {{number}} de {{title}} está aberta",
    body: "Caro(a) {{name}},\n\na ronda {{number}} da consulta Delphi «{{title}}» está aberta. {{deadline}}\nAbra-a aqui:\n{{link}}\n",
  },
} satisfies Messages<typeof en>;
