// On an item's lineage page: what the moderators' restructurings did to it between rounds (merged, split,
// moved, renamed, added — with their rationale), where it is now, or the round a decision dropped it.
import { Badge, Card, Group, List, Text } from "@mantine/core";
import { Trans, useTranslation } from "react-i18next";
import type { ItemLineage } from "~/models/lineage.server";

export function StructureSteps({ structure }: { structure: ItemLineage["structure"] }) {
  const { t } = useTranslation("models");
  if (!structure || (!structure.steps.length && structure.droppedInRound === null)) return null;
  return (
    <Card withBorder data-testid="lineage-structure">
      <Group gap="xs" mb={4}>
        <Text size="sm" fw={600}>
          {t("lineage.title")}
        </Text>
        <Text size="sm" c="dimmed">
          {structure.currentKeys.length
            ? t("lineage.now", { keys: structure.currentKeys.join(", ") })
            : structure.droppedInRound !== null
              ? t("lineage.dropped", { round: structure.droppedInRound })
              : t("lineage.gone")}
        </Text>
      </Group>
      <List size="sm" spacing={2}>
        {structure.steps.map((st, i) => (
          <List.Item key={i}>
            <Badge size="xs" mr={6}>
              {t(`change.${st.change}`)}
            </Badge>
            <Trans
              t={t}
              i18nKey="lineage.step"
              values={{ round: st.afterRound }}
              components={{ text: <>{st.text}</>, rationale: <span dir="auto">{st.rationale}</span> }}
            />
          </List.Item>
        ))}
      </List>
    </Card>
  );
}
