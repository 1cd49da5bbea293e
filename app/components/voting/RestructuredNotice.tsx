// Before a round on a restructured model, the panel reads what became of the items it rated in the round
// before ("I.2 — merged into I.1", "I.3.2 — moved to II.3 (now II.3.1)"), so a missing or renumbered item
// is explained rather than silently gone.
import { Alert, List, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { VotingView } from "~/models/voting.server";

export function RestructuredNotice({ view }: { view: Pick<VotingView, "restructured" | "round"> }) {
  const { t } = useTranslation("voting");
  if (!view.restructured.length) return null;
  return (
    <Alert color="blue" title={t("restructured.title", { round: view.round.number - 1 })} data-testid="restructured">
      <Text size="sm" mb={4}>
        {t("restructured.intro", { round: view.round.number - 1 })}
      </Text>
      <List size="sm" spacing={2}>
        {view.restructured.map((c) => (
          <List.Item key={c.key} data-testid={`restructured-${c.key}`}>
            <Text span fw={600} size="sm">
              {c.key}
            </Text>{" "}
            — {c.changes.join("; ")}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
