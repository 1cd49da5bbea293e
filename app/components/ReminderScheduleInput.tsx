// The form field of a round's automatic reminders: when, before the deadline, those not finished are reminded.
import { TextInput } from "@mantine/core";

/** Hours → "3 days, 1 day" / "12 h": how the field shows a stored schedule. */
export function formatReminderHours(hours: number[]): string {
  return hours.map((h) => (h % 24 === 0 ? `${h / 24} day${h === 24 ? "" : "s"}` : `${h} h`)).join(", ");
}

export function ReminderScheduleInput({ defaultHours, error }: { defaultHours: number[]; error?: string }) {
  return (
    <TextInput
      label="Automatic reminders before the deadline"
      description='To those not finished, e.g. "3 days, 1 day" or "12 h". Leave empty for none; needs a deadline.'
      name="reminders"
      defaultValue={formatReminderHours(defaultHours)}
      error={error}
      w={420}
    />
  );
}
