// The consultations the user belongs to (all of them for admins).
import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
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
  return (
    <Stack maw={960}>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Consultations
        </Title>
        {canCreate && (
          <Button component={Link} to="/consultations/new">
            New consultation
          </Button>
        )}
      </Group>
      <RoundsWaiting rounds={waiting} />
      {consultations.length === 0 && <Text>You are not part of any consultation yet.</Text>}
      {consultations.map((c) => {
        const current = c.rounds.findLast((r) => r.status !== "draft") ?? c.rounds[c.rounds.length - 1];
        return (
          <Card key={c.id} withBorder>
            <Group justify="space-between" wrap="wrap">
              <Anchor component={Link} to={`/consultations/${c.id}`} fw={600}>
                {c.title}
              </Anchor>
              <Group gap="xs">
                <Badge variant="outline">{c.role}</Badge>
                {current && (
                  <Badge color={STATUS_COLOURS[current.status]} variant="light">
                    round {current.number}: {current.status}
                  </Badge>
                )}
              </Group>
            </Group>
            {(current?.status === "open" && current.deadline) || c.myProgress ? (
              <Text size="sm" c="dimmed" mt={4}>
                {current?.status === "open" && current.deadline && (
                  <>
                    Closes <Deadline at={current.deadline} />.{" "}
                  </>
                )}
                {c.myProgress &&
                  (c.myProgress.submitted
                    ? `You submitted round ${c.myProgress.round} (${c.myProgress.answered} of ${c.myProgress.total} answered).`
                    : `Your answers: ${c.myProgress.answered} of ${c.myProgress.total} items.`)}
              </Text>
            ) : null}
            {c.rounds.length === 0 && (
              <Text size="sm" c="dimmed" mt={4}>
                No round yet.
              </Text>
            )}
          </Card>
        );
      })}
    </Stack>
  );
}
