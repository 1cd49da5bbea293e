// What the stopping rule, fixed before round 1, says after a closed round: stop or continue, and why.
// Shown on the review page of each closed round and, per round, in the study report.
import { Alert, List, Text } from "@mantine/core";

export interface StoppingVerdictProps {
  verdict: { round: number; stop: boolean; reasons: string[] };
  /** False when the consultation has no stopping rule (the reasons then say so). */
  hasRule: boolean;
}

export function StoppingVerdict({ verdict, hasRule }: StoppingVerdictProps) {
  const title = !hasRule
    ? `Stopping rule after round ${verdict.round}: none was fixed`
    : `Stopping rule after round ${verdict.round}: ${verdict.stop ? "stop" : "continue"}`;
  return (
    <Alert
      data-testid="stopping-verdict"
      color={!hasRule ? "gray" : verdict.stop ? "green" : "blue"}
      title={title}
      variant="light"
      // the light variant's coloured title is below 4.5:1 contrast on its tinted background
      styles={{ title: { color: "var(--mantine-color-text)" } }}
    >
      {hasRule ? (
        <>
          <Text size="sm">
            {verdict.stop
              ? "A criterion fixed with the consensus rule is met: by the protocol, the study ends with this round."
              : "No criterion fixed with the consensus rule is met yet: by the protocol, another round follows."}
          </Text>
          <List size="sm" mt={4}>
            {verdict.reasons.map((r) => (
              <List.Item key={r}>{r}</List.Item>
            ))}
          </List>
        </>
      ) : (
        <Text size="sm">
          The criteria for ending the study were not fixed before round 1; whether to stop is the moderators&apos;
          judgement, to be justified in the report.
        </Text>
      )}
    </Alert>
  );
}
