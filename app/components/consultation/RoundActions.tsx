// The moderator's round lifecycle buttons on a consultation's page. The irreversible steps — opening (round 1
// locks the consensus rule), closing, publishing — each ask first, saying what they will do; a round without
// items or without a panel cannot be opened, and the button says why (the server refuses it too).
import { Button, Group, List, Modal, Stack, Text } from "@mantine/core";
import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";

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
  const { t } = useTranslation("consultation");
  const f = useFormat();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const [asking, setAsking] = useState<Step | null>(null);
  // The dialog closes once the action it confirmed has gone through (the page shows the outcome).
  useEffect(() => {
    if (navigation.state === "idle") setAsking(null);
  }, [navigation.state]);

  const number = round.number;
  const cannotOpen =
    round.items === 0
      ? t("actions.cannotOpenEmpty", { number })
      : panel === 0
        ? t("actions.cannotOpenNoPanel", { number })
        : null;
  const roundItems = t("actions.openItems", { count: round.items });
  const what: Record<Step, { title: string; confirm: string; color?: string; points: string[] }> = {
    open: {
      title: t("actions.openTitle", { number }),
      confirm: t("actions.open", { number }),
      points: [
        round.deadline
          ? t("actions.openWhoUntil", { count: panel, items: roundItems, deadline: f.dateTime(round.deadline) })
          : t("actions.openWho", { count: panel, items: roundItems }),
        ...(ruleLocked ? [] : [t("actions.openLocks", { rule: ruleName })]),
        t("actions.openFixed"),
      ],
    },
    close: {
      title: t("actions.closeTitle", { number }),
      confirm: t("actions.close", { number }),
      color: "orange",
      points: [
        t("actions.closeNoMore"),
        ...(finished
          ? [
              t(finished.partial ? "actions.closeSoFarPartial" : "actions.closeSoFar", {
                complete: f.number(finished.complete),
                panel: f.number(panel),
                partial: f.number(finished.partial),
              }),
            ]
          : []),
        t("actions.closeComputed"),
        t("actions.closeFinal"),
      ],
    },
    publish: {
      title: t("actions.publishTitle", { number }),
      confirm: t("actions.publish"),
      color: "teal",
      points: [t("actions.publishFinal"), t("actions.publishModel"), t("actions.publishUndone")],
    },
  };
  const step = asking ? what[asking] : null;

  return (
    <Group gap="xs">
      {round.status === "draft" && (
        <>
          <Button size="xs" variant="light" disabled={!!cannotOpen} onClick={() => setAsking("open")}>
            {t("actions.open", { number })}
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
            {t("actions.remind")}
          </Button>
        </StepForm>
      )}
      {round.status === "open" && (
        <Button size="xs" color="orange" onClick={() => setAsking("close")}>
          {t("actions.close", { number })}
        </Button>
      )}
      {round.status === "closed" && (
        <Button size="xs" onClick={() => setAsking("publish")}>
          {t("actions.publish")}
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
                {t("actions.cancel")}
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
