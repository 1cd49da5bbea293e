// The moderator's round lifecycle buttons on a consultation's page. The irreversible steps — opening (round 1
// locks the consensus rule), closing, publishing — each ask first, saying what they will do; a round without
// items or without a panel cannot be opened, and the button says why (the server refuses it too).
import { Button, Group, List, Modal, Stack, Text } from "@mantine/core";
import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";

export interface RoundSummary {
  id: string;
  number: number;
  status: string;
  items: number;
  deadline: string | null;
}

type Step = "open" | "close" | "publish";

function StepForm({ round, intent, children }: { round: RoundSummary; intent: string; children: ReactNode }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="roundId" value={round.id} />
      {children}
    </Form>
  );
}

export function RoundActions({
  round,
  panel,
  ruleName,
  ruleLocked,
  finished,
}: {
  round: RoundSummary;
  /** Active panellists (not withdrawn). */
  panel: number;
  ruleName: string;
  ruleLocked: boolean;
  /** Of an open round: complete and partial so far. */
  finished?: { complete: number; partial: number };
}) {
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const [asking, setAsking] = useState<Step | null>(null);
  // The dialog closes once the action it confirmed has gone through (the page shows the outcome).
  useEffect(() => {
    if (navigation.state === "idle") setAsking(null);
  }, [navigation.state]);

  const cannotOpen =
    round.items === 0
      ? `Round ${round.number} has no items: there is nothing to rate.`
      : panel === 0
        ? `The panel is empty: add panellists before opening round ${round.number}.`
        : null;
  const what: Record<Step, { title: string; confirm: string; color?: string; points: string[] }> = {
    open: {
      title: `Open round ${round.number}?`,
      confirm: `Open round ${round.number}`,
      points: [
        `${panel} panellist${panel === 1 ? "" : "s"} can answer its ${round.items} item${round.items === 1 ? "" : "s"} from now on${round.deadline ? `, until ${new Date(round.deadline).toUTCString()}` : ""}.`,
        ...(ruleLocked
          ? []
          : [
              `The consensus rule (${ruleName}) and the minimum group size are locked now and can never change afterwards.`,
            ]),
        "The items and their wording of this round cannot change once it is open.",
      ],
    },
    close: {
      title: `Close round ${round.number}?`,
      confirm: `Close round ${round.number}`,
      color: "orange",
      points: [
        "Panellists can no longer answer or change their answers.",
        ...(finished
          ? [
              `So far ${finished.complete} of ${panel} panellists have finished${finished.partial ? ` and ${finished.partial} answered part of the round` : ""}.`,
            ]
          : []),
        "The results of every item are computed now and the shared rationales become read-only.",
        "A closed round cannot be reopened.",
      ],
    },
    publish: {
      title: `Publish the results of round ${round.number}?`,
      confirm: "Publish results",
      color: "teal",
      points: [
        "The round's results and decisions become final: no decision of this round can be changed afterwards.",
        "The model itself does not change: a new model version comes from “Publish consensus” on the review page of the last round.",
        "Publishing cannot be undone.",
      ],
    },
  };
  const step = asking ? what[asking] : null;

  return (
    <Group gap="xs">
      {round.status === "draft" && (
        <>
          <Button size="xs" variant="light" disabled={!!cannotOpen} onClick={() => setAsking("open")}>
            Open round {round.number}
          </Button>
          {cannotOpen && (
            <Text size="xs" c="red.8" data-testid="cannot-open">
              {cannotOpen}
            </Text>
          )}
        </>
      )}
      {round.status === "open" && (
        <StepForm round={round} intent="remind">
          <Button type="submit" size="xs" variant="light" loading={busy}>
            Send reminders
          </Button>
        </StepForm>
      )}
      {round.status === "open" && (
        <Button size="xs" color="orange" onClick={() => setAsking("close")}>
          Close round {round.number}
        </Button>
      )}
      {round.status === "closed" && (
        <Button size="xs" onClick={() => setAsking("publish")}>
          Publish results
        </Button>
      )}
      <Modal opened={step !== null} onClose={() => setAsking(null)} title={step?.title} size="md">
        {step && asking && (
          <Stack gap="sm">
            <List size="sm" spacing={4}>
              {step.points.map((p) => (
                <List.Item key={p}>{p}</List.Item>
              ))}
            </List>
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={() => setAsking(null)} data-autofocus>
                Cancel
              </Button>
              <StepForm round={round} intent={asking}>
                <Button type="submit" color={step.color} loading={busy}>
                  {step.confirm}
                </Button>
              </StepForm>
            </Group>
          </Stack>
        )}
      </Modal>
    </Group>
  );
}
