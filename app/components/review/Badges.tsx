// Small parts of the review page shared by its table, cards and drawer: the computed status, the recorded
// decision (marked when it overrides the rule) and an item's wording in a line or two.
import { Badge, Group, Text } from "@mantine/core";
import { DECISION_COLOURS, DOT_COLOURS, STATUS_LABELS, type Item, type Status } from "./status";

export function ComputedBadge({ status }: { status: Status | null }) {
  if (!status) return <Text size="xs">–</Text>;
  return (
    <Badge
      variant="dot"
      color={DOT_COLOURS[status]}
      size="sm"
      styles={{ root: { color: "var(--mantine-color-text)" } }}
    >
      {STATUS_LABELS[status]}
    </Badge>
  );
}

export function DecisionBadge({ item }: { item: Item }) {
  if (!item.decision) return <Text size="xs">undecided</Text>;
  const override = item.decision !== item.status;
  return (
    <Group gap={4} wrap="nowrap">
      <Badge color={DECISION_COLOURS[item.decision]} size="sm">
        {STATUS_LABELS[item.decision]}
      </Badge>
      {override && (
        <Text size="xs" fs="italic">
          override
        </Text>
      )}
    </Group>
  );
}

export function WordingText({ item, lines = 2 }: { item: Item; lines?: number }) {
  if (Array.isArray(item.wording))
    return (
      <Text size="sm" lineClamp={lines}>
        <Text span size="xs" c="dimmed">
          5 levels:{" "}
        </Text>
        {item.wording.map((l, i) => `${i + 1}. ${l}`).join(" ")}
      </Text>
    );
  return (
    <Text size="sm" lineClamp={lines}>
      {item.wording}
    </Text>
  );
}
