import type { Messages } from "../types";
import type en from "../en/mail";

export default {
  deadline: "Por favor, responda antes del {{deadline}}.",
  noDeadline: "La ronda aún no tiene fecha límite.",
  closesOn: " La ronda se cierra el {{deadline}}.",
  invitation: {
    subject: "Invitación: {{title}}",
    body: "Estimado/a {{name}}:\n\nle invitamos a participar en la consulta Delphi «{{title}}».\nAbra este enlace personal para unirse (válido 14 días, de un solo uso):\n{{link}}\n",
  },
  staffInvitation: {
    moderator:
      "Le invitamos como moderador/a de la consulta Delphi «{{title}}».\nAbra este enlace personal para unirse (válido 14 días, de un solo uso):\n{{link}}\n",
    observer:
      "Le invitamos como observador/a de la consulta Delphi «{{title}}».\nAbra este enlace personal para unirse (válido 14 días, de un solo uso):\n{{link}}\n",
  },
  signIn: {
    subject: "Su enlace de acceso · delphi-mlm",
    body: "Estimado/a {{name}}:\n\naquí tiene el enlace de acceso que ha solicitado (válido 14 días, de un solo uso):\n{{link}}\n\nSi no lo ha solicitado, ignore este mensaje.\n",
  },
  reminder: {
    subject: "Recordatorio: ronda {{number}} de {{title}}",
    body: "Estimado/a {{name}}:\n\nla ronda {{number}} de «{{title}}» espera sus respuestas.{{closes}}\nContinúe aquí:\n{{link}}\n",
  },
  roundOpened: {
    subject: "La ronda {{number}} de {{title}} está abierta",
    body: "Estimado/a {{name}}:\n\nla ronda {{number}} de la consulta Delphi «{{title}}» está abierta. {{deadline}}\nÁbrala aquí:\n{{link}}\n",
  },
} satisfies Messages<typeof en>;
