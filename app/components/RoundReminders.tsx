// The moderator's view of a round's automatic reminders: the schedule (editable while the round is a draft
// or open) and what was sent — how many were reminded, never who (docs/security.md).
import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { action, loader } from "~/routes/consultations.$id.reminders.$number";
import { ReminderScheduleInput, reminderHoursText } from "./ReminderScheduleInput";

export function RoundReminders({ consultationId, round }: { consultationId: string; round: number }) {
  const { t } = useTranslation("consultation");
  const url = `/consultations/${consultationId}/reminders/${round}`;
  const view = useFetcher<typeof loader>();
  const save = useFetcher<typeof action>();
  const loaded = useRef<string | null>(null);
  useEffect(() => {
    // Once per URL: a failed load must not retry in a loop.
    if (loaded.current === url) return;
    loaded.current = url;
    view.load(url);
  }, [url, view]);
  const schedule = (save.data?.ok ? save.data.schedule : null) ?? view.data;
  if (!schedule) return null;
  const editable = schedule.status === "draft" || schedule.status === "open";
  return (
    <Stack gap={4} data-testid={`reminders-${round}`}>
      <Text size="sm">
        {schedule.hours.length
          ? t("reminders.schedule", { schedule: reminderHoursText(t, schedule.hours) })
          : t("reminders.none")}
      </Text>
      {schedule.sent.map((s) => (
        <Text size="xs" c="dimmed" key={s.hoursBefore}>
          {t("reminders.sent", { before: reminderHoursText(t, [s.hoursBefore]), count: s.reminded })}
        </Text>
      ))}
      {editable && (
        <save.Form method="post" action={url}>
          <Group align="flex-end" gap="xs">
            <ReminderScheduleInput key={schedule.hours.join()} defaultHours={schedule.hours} />
            <Button type="submit" size="xs" variant="light" loading={save.state !== "idle"}>
              {t("reminders.save")}
            </Button>
          </Group>
        </save.Form>
      )}
      {save.data && !save.data.ok && (
        <Alert color="red" role="alert">
          {save.data.error}
        </Alert>
      )}
    </Stack>
  );
}
