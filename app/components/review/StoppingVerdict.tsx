// What the stopping rule, fixed before round 1, says after a closed round: stop or continue, and why.
// Shown on the review page of each closed round and, per round, in the study report.
import { Alert, List, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";

export interface StoppingVerdictProps {
  verdict: { round: number; stop: boolean; reasons: string[] };
  /** False when the consultation has no stopping rule (the reasons then say so). */
  hasRule: boolean;
}

export function StoppingVerdict({ verdict, hasRule }: StoppingVerdictProps) {
  const { t } = useTranslation("review");
  const title = t(!hasRule ? "stopping.none" : verdict.stop ? "stopping.stop" : "stopping.continue", {
    round: verdict.round,
  });
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
          <Text size="sm">{verdict.stop ? t("stopping.met") : t("stopping.notMet")}</Text>
          <List size="sm" mt={4}>
            {verdict.reasons.map((r) => (
              <List.Item key={r}>{r}</List.Item>
            ))}
          </List>
        </>
      ) : (
        <Text size="sm">{t("stopping.noRule")}</Text>
      )}
    </Alert>
  );
}
