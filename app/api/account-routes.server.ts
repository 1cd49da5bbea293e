// API routes of the caller's own account and of a round's reminder schedule: what the account, password,
// language menu and reminders pages do, for scripts. Spread into API_ROUTES.
import { z } from "zod";
import { LANGUAGES } from "../../shared/i18n/languages.js";
import { reminderSchedule, roundByIdRef, setReminderSchedule } from "../models/reminders.server.js";
import { languageSettingSchema, passwordChangeSchema, setLanguage, setPassword } from "../models/user.server.js";
import { answering, type ApiRoute } from "./api-route.server.js";
import { okSchema } from "./responses.server.js";

const reminderScheduleSchema = z.strictObject({
  round: z.number().int().min(1),
  status: z.string(),
  deadline: z.string().nullable(),
  hours: z.array(z.number()),
  sent: z.array(z.strictObject({ hoursBefore: z.number(), reminded: z.number().int(), sentAt: z.string() })),
});

export const ACCOUNT_API_ROUTES: ApiRoute[] = [
  {
    method: "PUT",
    path: "/me/language",
    summary: `The caller's interface and mail language: {"language": ${LANGUAGES.map((l) => `"${l}"`).join(" | ")} | null} (null: as the browser asks)`,
    access: "signed-in",
    body: languageSettingSchema,
    ...answering(z.strictObject({ language: z.enum(LANGUAGES).nullable() }), (r) =>
      setLanguage(r.context.db, r.user, r.body),
    ),
  },
  {
    method: "PUT",
    path: "/me/password",
    summary:
      "Set the caller's password ({currentPassword, password}; an account with a link only sets its first one without currentPassword); signed-in session only",
    access: "signed-in",
    sessionOnly: true,
    body: passwordChangeSchema,
    ...answering(okSchema, async (r) => {
      await setPassword(r.context.db, r.user, r.body as z.input<typeof passwordChangeSchema>);
      return { ok: true as const };
    }),
  },
  {
    method: "GET",
    path: "/rounds/{id}/reminder-schedule",
    summary: "A round's automatic reminders (hours before the deadline) and what they sent: counts only, never who",
    access: "moderator",
    ...answering(reminderScheduleSchema, async (r) => {
      const { consultationId, number } = await roundByIdRef(r.context.db, r.params.id!);
      return reminderSchedule(r.context.db, r.user, consultationId, number);
    }),
  },
  {
    method: "PUT",
    path: "/rounds/{id}/reminder-schedule",
    summary:
      'Set when a draft or open round reminds those not finished: {"hours": [72, 24]} hours before its deadline (needs a deadline)',
    access: "moderator",
    body: z.strictObject({ hours: z.unknown() }),
    ...answering(reminderScheduleSchema, async (r) => {
      const { consultationId, number } = await roundByIdRef(r.context.db, r.params.id!);
      return setReminderSchedule(r.context.db, r.user, consultationId, number, (r.body as { hours: unknown }).hours);
    }),
  },
];
