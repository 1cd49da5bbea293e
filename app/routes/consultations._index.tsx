// The consultations the user belongs to (all of them for admins).
import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { useConsultationLabels } from "~/components/consultation/labels";
import { Deadline } from "~/components/Deadline";
import { RoundsWaiting } from "~/components/RoundsWaiting";
import { canCreateConsultation, listConsultations } from "~/models/consultation.server";
import { roundsWaitingFor } from "~/models/reminders.server";
import { requireUser } from "~/session.server";

export const meta: MetaFunction = () => [{ title: "Consultations · delphi-mlm" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const consultations = await listConsultations(context.db, user);
  return {
    consultations,
    canCreate: await canCreateConsultation(context.db, user),
    waiting: await roundsWaitingFor(context.db, user),
  };
}

export const STATUS_COLOURS: Record<string, string> = {
  draft: "gray",
  open: "green",
  closed: "orange",
  published: "indigo",
};

export default function Consultations() {
  const { consultations, canCreate, waiting } = useLoaderData<typeof loader>();
  const { t } = useTranslation("consultation");
  const labels = useConsultationLabels();
  return (
    <Stack maw={960}>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t("list.title")}
        </Title>
        {canCreate && (
          <Button component={Link} to="/consultations/new">
            {t("list.newConsultation")}
          </Button>
        )}
      </Group>
      <RoundsWaiting rounds={waiting} />
      {consultations.length === 0 && <Text>{t("list.none")}</Text>}
      {consultations.map((c) => {
        const current = c.rounds.findLast((r) => r.status !== "draft") ?? c.rounds[c.rounds.length - 1];
        return (
          <Card key={c.id} withBorder>
            <Group justify="space-between" wrap="wrap">
              <Anchor component={Link} to={`/consultations/${c.id}`} fw={600} dir="auto">
                {c.title}
              </Anchor>
              <Group gap="xs">
                <Badge variant="outline">{labels.role(c.role)}</Badge>
                {current && (
                  <Badge color={STATUS_COLOURS[current.status]} variant="light">
                    {t("list.roundBadge", { number: current.number, status: labels.roundStatus(current.status) })}
                  </Badge>
                )}
              </Group>
            </Group>
            {(current?.status === "open" && current.deadline) || c.myProgress ? (
              <Text size="sm" c="dimmed" mt={4}>
                {current?.status === "open" && current.deadline && (
                  <>
                    <Trans
                      t={t}
                      i18nKey="list.closes"
                      components={{ deadline: <Deadline at={current.deadline} /> }}
                    />{" "}
                  </>
                )}
                {c.myProgress &&
                  (c.myProgress.submitted
                    ? t("list.submitted", {
                        round: c.myProgress.round,
                        answered: c.myProgress.answered,
                        total: c.myProgress.total,
                      })
                    : t("list.answers", { answered: c.myProgress.answered, total: c.myProgress.total }))}
              </Text>
            ) : null}
            {c.rounds.length === 0 && (
              <Text size="sm" c="dimmed" mt={4}>
                {t("list.noRound")}
              </Text>
            )}
          </Card>
        );
      })}
    </Stack>
  );
}
