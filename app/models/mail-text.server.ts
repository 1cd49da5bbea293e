// The panel's mails in each recipient's language: their own setting, else the one the moderator gave when
// inviting them, else English. Dates are written out in UTC, naming it (mail has no reader's time zone).
import type { TFunction } from "i18next";
import { isLanguage, SOURCE_LANGUAGE, type Language } from "../../shared/i18n/languages.js";
import { CATALOGS } from "../i18n/catalogs.server.js";
import { createI18n } from "../i18n/i18n.js";

/** Where the personal link goes in a queued mail; the mailer puts the link in when it sends (server/mail.ts). */
export const LINK_PLACEHOLDER = "{{link}}";

const translators = new Map<Language, TFunction<"mail">>();

function mailT(language: string | null | undefined): { t: TFunction<"mail">; language: Language } {
  const lang = isLanguage(language) ? language : SOURCE_LANGUAGE;
  let t = translators.get(lang);
  if (!t) translators.set(lang, (t = createI18n(lang, CATALOGS[lang]).getFixedT(lang, "mail")));
  return { t, language: lang };
}

const deadlineIn = (language: Language, at: Date) =>
  new Intl.DateTimeFormat(language, {
    dateStyle: "full",
    timeStyle: "short",
    hourCycle: "h23",
    timeZone: "UTC",
  }).format(at) + " UTC";

type Recipient = { name: string; language: string | null };
type Mail = { subject: string; body: string };

export function invitationMail(to: Recipient, title: string): Mail {
  const { t } = mailT(to.language);
  return {
    subject: t("invitation.subject", { title }),
    body: t("invitation.body", { name: to.name, title, link: LINK_PLACEHOLDER }),
  };
}

export function staffInvitationMail(to: Recipient, role: "moderator" | "observer", title: string): Mail {
  const { t } = mailT(to.language);
  return {
    subject: t("invitation.subject", { title }),
    body: t(role === "moderator" ? "staffInvitation.moderator" : "staffInvitation.observer", {
      title,
      link: LINK_PLACEHOLDER,
    }),
  };
}

export function signInMail(to: Recipient): Mail {
  const { t } = mailT(to.language);
  return { subject: t("signIn.subject"), body: t("signIn.body", { name: to.name, link: LINK_PLACEHOLDER }) };
}

export function reminderMail(to: Recipient, round: { number: number; deadline: Date | null }, title: string): Mail {
  const { t, language } = mailT(to.language);
  const closes = round.deadline ? t("closesOn", { deadline: deadlineIn(language, round.deadline) }) : "";
  return {
    subject: t("reminder.subject", { number: round.number, title }),
    body: t("reminder.body", { name: to.name, number: round.number, title, closes, link: LINK_PLACEHOLDER }),
  };
}

export function roundOpenedMail(to: Recipient, round: { number: number; deadline: Date | null }, title: string): Mail {
  const { t, language } = mailT(to.language);
  const deadline = round.deadline ? t("deadline", { deadline: deadlineIn(language, round.deadline) }) : t("noDeadline");
  return {
    subject: t("roundOpened.subject", { number: round.number, title }),
    body: t("roundOpened.body", { name: to.name, number: round.number, title, deadline, link: LINK_PLACEHOLDER }),
  };
}
