// The panellist's in-app list of open rounds still to answer, each with its deadline.
import { Alert, Anchor, Stack, Text } from "@mantine/core";
import { Link } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { Deadline } from "./Deadline";

export interface WaitingRound {
  consultationId: string;
  title: string;
  round: number;
  openedAt: string | null;
  deadline: string | null;
}

export function RoundsWaiting({ rounds }: { rounds: WaitingRound[] }) {
  const { t } = useTranslation("voting");
  if (!rounds.length) return null;
  return (
    <Alert color="blue" title={t("waiting.title")} data-testid="rounds-waiting">
      <Stack gap={4}>
        {rounds.map((r) => (
          <Text size="sm" key={`${r.consultationId}:${r.round}`}>
            <Trans
              t={t}
              i18nKey={r.deadline ? "waiting.openBy" : "waiting.open"}
              values={{ round: r.round }}
              components={{
                link: <Anchor component={Link} to={`/consultations/${r.consultationId}/rounds/${r.round}`} />,
                title: <span dir="auto">{r.title}</span>,
                deadline: r.deadline ? <Deadline at={r.deadline} /> : <></>,
              }}
            />
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}
