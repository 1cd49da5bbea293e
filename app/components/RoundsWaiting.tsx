// The panellist's in-app list of open rounds still to answer, each with its deadline.
import { Alert, Anchor, Stack, Text } from "@mantine/core";
import { Link } from "@remix-run/react";
import { Deadline } from "./Deadline";

export interface WaitingRound {
  consultationId: string;
  title: string;
  round: number;
  openedAt: string | null;
  deadline: string | null;
}

export function RoundsWaiting({ rounds }: { rounds: WaitingRound[] }) {
  if (!rounds.length) return null;
  return (
    <Alert color="blue" title="Waiting for your answers" data-testid="rounds-waiting">
      <Stack gap={4}>
        {rounds.map((r) => (
          <Text size="sm" key={`${r.consultationId}:${r.round}`}>
            <Anchor component={Link} to={`/consultations/${r.consultationId}/rounds/${r.round}`}>
              Round {r.round} of {r.title}
            </Anchor>{" "}
            is open
            {r.deadline && (
              <>
                {" "}
                — answer by <Deadline at={r.deadline} />
              </>
            )}
            .
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}
