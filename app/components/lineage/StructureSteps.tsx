// On an item's lineage page: what the moderators' restructurings did to it between rounds (merged, split,
// moved, renamed, added — with their rationale), where it is now, or the round a decision dropped it.
import { Badge, Card, Group, List, Text } from "@mantine/core";
import type { ItemLineage } from "~/models/lineage.server";

export function StructureSteps({ structure }: { structure: ItemLineage["structure"] }) {
  if (!structure || (!structure.steps.length && structure.droppedInRound === null)) return null;
  return (
    <Card withBorder data-testid="lineage-structure">
      <Group gap="xs" mb={4}>
        <Text size="sm" fw={600}>
          Restructuring
        </Text>
        <Text size="sm" c="dimmed">
          {structure.currentKeys.length
            ? `now ${structure.currentKeys.join(", ")}`
            : structure.droppedInRound !== null
              ? `dropped in round ${structure.droppedInRound}`
              : "no longer in the model"}
        </Text>
      </Group>
      <List size="sm" spacing={2}>
        {structure.steps.map((st, i) => (
          <List.Item key={i}>
            <Badge size="xs" mr={6}>
              {st.change}
            </Badge>
            after round {st.afterRound}: {st.text} — {st.rationale}
          </List.Item>
        ))}
      </List>
    </Card>
  );
}
