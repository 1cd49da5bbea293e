// The review drawer's body for one item: its wording and changes since the last round, the figures and
// charts, the panel's rationale (read-only, live) and the moderators' co-edited draft of a new wording,
// then the decision form for moderators or the recorded decision for observers.
import { Group, List, SimpleGrid, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { DistributionBars } from "~/components/charts/DistributionBars";
import { RoundChange } from "~/components/charts/RoundChange";
import { WordDiff } from "~/components/charts/WordDiff";
import { RationaleEditor } from "~/components/RationaleEditor";
import { useFormat } from "../../i18n/format";
import { documentName } from "../../../shared/delphi/documents";
import { wordDiff } from "../../../shared/text/diff";
import { ComputedBadge, DecisionBadge } from "./Badges";
import { DecisionForm } from "./DecisionForm";
import { FiguresTable, PanelVoices, SubgroupTables } from "./ItemFigures";
import { ItemStabilitySummary, type ShownStability } from "./StabilityFigures";
import type { Item, Review } from "./status";

export function ItemDetail({
  item,
  review,
  stability,
  onDecided,
}: {
  item: Item;
  review: Review;
  stability: ShownStability | null;
  onDecided: (m: string) => void;
}) {
  const { t } = useTranslation("review");
  const f = item.figures?.overall;
  const previous = item.previousWording;
  return (
    <Stack gap="md">
      <Stack gap={4}>
        {Array.isArray(item.wording) ? (
          <List type="ordered" size="sm" spacing={4} aria-label={t("detail.levelsOf", { key: item.key.split("/")[0] })}>
            {item.wording.map((l, i) => (
              <List.Item key={i} dir="auto">
                {l}
              </List.Item>
            ))}
          </List>
        ) : (
          <Text size="sm" dir="auto">
            {item.wording}
          </Text>
        )}
        {previous !== null && (
          <Stack gap={2}>
            <Text size="xs" fw={600}>
              {t("detail.changesSince", { round: item.history[0]?.round ?? review.round.number - 1 })}
            </Text>
            {Array.isArray(previous) && Array.isArray(item.wording) ? (
              previous.map((p, i) => <WordDiff key={i} parts={wordDiff(p, (item.wording as string[])[i] ?? "")} />)
            ) : (
              <WordDiff parts={wordDiff(String(previous), String(item.wording))} />
            )}
          </Stack>
        )}
      </Stack>
      <Group gap="xs">
        <Text size="sm" fw={600}>
          {t("detail.computed")}
        </Text>
        <ComputedBadge status={item.status} />
        <Text size="sm">{item.reason}</Text>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Stack gap="sm">
          {f && <DistributionBars counts={f.counts} nNoOpinion={f.nNoOpinion} />}
          <RoundChange history={item.history} />
          {stability && <ItemStabilitySummary stability={stability} />}
        </Stack>
        <Stack gap="sm">
          <FiguresTable item={item} />
          <SubgroupTables item={item} />
        </Stack>
      </SimpleGrid>
      <Stack gap={4}>
        <Text size="sm" fw={600}>
          {t("detail.panelRationale")}
        </Text>
        <RationaleEditor
          docName={documentName("rationale", item.id)}
          editable={false}
          displayName={review.canDecide ? t("detail.moderator") : t("detail.observer")}
          colour="#1d4ed8"
          label={t("detail.panelRationaleFor", { key: item.key })}
        />
        <Text size="sm" fw={600} mt="xs">
          {t("detail.draft")}
        </Text>
        <RationaleEditor
          docName={documentName("wording", item.id)}
          editable={review.canDecide && review.round.status === "closed"}
          displayName={review.canDecide ? t("detail.moderator") : t("detail.observer")}
          colour="#9a3412"
          label={t("detail.draftFor", { key: item.key })}
          writers={t("detail.draftWriters")}
        />
      </Stack>
      {review.canDecide ? (
        <DecisionForm item={item} onDecided={onDecided} />
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <DecisionSummary item={item} />
          <PanelVoices item={item} />
        </SimpleGrid>
      )}
    </Stack>
  );
}

function DecisionSummary({ item }: { item: Item }) {
  const { t } = useTranslation("review");
  const format = useFormat();
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {t("detail.decision")}
      </Text>
      <DecisionBadge item={item} />
      {item.rationale && (
        <Text size="sm" dir="auto">
          {t("detail.rationale", { rationale: item.rationale })}
        </Text>
      )}
      {item.newWording &&
        (Array.isArray(item.newWording) ? (
          <List type="ordered" size="sm">
            {item.newWording.map((l, i) => (
              <List.Item key={i} dir="auto">
                {l}
              </List.Item>
            ))}
          </List>
        ) : (
          <Text size="sm" dir="auto">
            {t("detail.newWording", { wording: item.newWording })}
          </Text>
        ))}
      {item.decidedAt && (
        <Text size="xs" c="dimmed">
          {t("detail.decidedBy", {
            name: item.decidedBy ?? t("detail.aModerator"),
            at: format.dateTime(item.decidedAt),
          })}
        </Text>
      )}
    </Stack>
  );
}
