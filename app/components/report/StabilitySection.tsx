// The study report's section on stability between rounds and panel agreement (the PDF draws the same tables).
import { Anchor, List, Stack, Text } from "@mantine/core";
import { Link } from "@remix-run/react";
import {
  ItemStabilityTable,
  PanelAgreementTable,
  type ShownAgreement,
  type ShownStability,
} from "../review/StabilityFigures";

export function StabilitySection({
  stability,
  consultationId,
}: {
  stability: { method: string[]; rounds: ShownAgreement[]; items: ShownStability[] };
  consultationId: string;
}) {
  return (
    <Stack gap="sm">
      <List size="sm" spacing={4}>
        {stability.method.map((m) => (
          <List.Item key={m}>{m}</List.Item>
        ))}
      </List>
      {stability.rounds.length ? (
        <PanelAgreementTable rounds={stability.rounds} caption="Panel agreement per closed round" />
      ) : (
        <Text size="sm">No round has closed yet.</Text>
      )}
      <ItemStabilityTable
        items={stability.items}
        caption="Stability of each item between consecutive rounds (panellists who rated it in both)"
        itemLink={(key, label) => (
          <Anchor component={Link} to={`/consultations/${consultationId}/items/${encodeURIComponent(key)}`}>
            {label}
          </Anchor>
        )}
      />
    </Stack>
  );
}
