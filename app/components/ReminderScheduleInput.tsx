// The form field of a round's automatic reminders: when, before the deadline, those not finished are reminded.
import { TextInput } from "@mantine/core";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";

/**
 * Hours → "3 days, 1 day" / "12 h": how the field shows a stored schedule. The field's text is what the server
 * parses (shared/delphi/schemas.ts, parseReminderHours), so it stays in that syntax in every language.
 */
export function formatReminderHours(hours: number[]): string {
  return hours.map((h) => (h % 24 === 0 ? `${h / 24} day${h === 24 ? "" : "s"}` : `${h} h`)).join(", ");
}

/** Hours as words of the page's language, for reading ("3 Tage, 1 Tag"). */
export function reminderHoursText(t: TFunction<"consultation">, hours: number[]): string {
  return hours
    .map((h) => (h % 24 === 0 ? t("reminders.days", { count: h / 24 }) : t("reminders.hours", { count: h })))
    .join(", ");
}

export function ReminderScheduleInput({ defaultHours, error }: { defaultHours: number[]; error?: string }) {
  const { t } = useTranslation("consultation");
  return (
    <TextInput
      label={t("reminders.field")}
      description={t("reminders.fieldHint")}
      name="reminders"
      defaultValue={formatReminderHours(defaultHours)}
      error={error}
      w={420}
    />
  );
}
