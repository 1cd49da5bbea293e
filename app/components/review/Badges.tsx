// Small parts of the review page shared by its table, cards and drawer: the computed status, the recorded
// decision (marked when it overrides the rule) and an item's wording in a line or two.
import { Badge, Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { DECISION_COLOURS, DOT_COLOURS, useReviewWords, type Item, type Status } from "./status";

export function ComputedBadge({ status }: { status: Status | null }) {
  const words = useReviewWords();
  if (!status) return <Text size="xs">–</Text>;
  return (
    <Badge
      variant="dot"
      color={DOT_COLOURS[status]}
      size="sm"
      styles={{ root: { color: "var(--mantine-color-text)" } }}
    >
      {words.status(status)}
    </Badge>
  );
}

export function DecisionBadge({ item }: { item: Item }) {
  const { t } = useTranslation("review");
  const words = useReviewWords();
  if (!item.decision) return <Text size="xs">{t("badge.undecided")}</Text>;
  const override = item.decision !== item.status;
  return (
    <Group gap={4} wrap="nowrap">
      <Badge color={DECISION_COLOURS[item.decision]} size="sm">
        {words.status(item.decision)}
      </Badge>
      {override && (
        <Text size="xs" fs="italic">
          {t("badge.override")}
        </Text>
      )}
    </Group>
  );
}

export function WordingText({ item, lines = 2 }: { item: Item; lines?: number }) {
  const { t } = useTranslation("review");
  if (Array.isArray(item.wording))
    return (
      <Text size="sm" lineClamp={lines}>
        <Text span size="xs" c="dimmed">
          {t("badge.levels")}{" "}
        </Text>
        <span dir="auto">{item.wording.map((l, i) => `${i + 1}. ${l}`).join(" ")}</span>
      </Text>
    );
  return (
    <Text size="sm" lineClamp={lines} dir="auto">
      {item.wording}
    </Text>
  );
}
