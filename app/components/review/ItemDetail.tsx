// The review drawer's body for one item: its wording and changes since the last round, the figures and
// charts, the panel's rationale (read-only, live) and the moderators' co-edited draft of a new wording,
// then the decision form for moderators or the recorded decision for observers.
import { Group, List, SimpleGrid, Stack, Text } from "@mantine/core";
import { DistributionBars } from "~/components/charts/DistributionBars";
import { RoundChange } from "~/components/charts/RoundChange";
import { WordDiff } from "~/components/charts/WordDiff";
import { RationaleEditor } from "~/components/RationaleEditor";
import { documentName } from "../../../shared/delphi/documents";
import { wordDiff } from "../../../shared/text/diff";
import { ComputedBadge, DecisionBadge } from "./Badges";
import { DecisionForm } from "./DecisionForm";
import { FiguresTable, PanelVoices, SubgroupTables } from "./ItemFigures";
import { ReviewWording } from "./ReviewWording";
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
  const f = item.figures?.overall;
  const previous = item.previousWording;
  return (
    <Stack gap="md">
      <Stack gap={4}>
        <ReviewWording item={item} sourceLanguage={review.consultation.languages[0]!} />
        {previous !== null && (
          <Stack gap={2}>
            <Text size="xs" fw={600}>
              Changes since round {item.history[0]?.round ?? review.round.number - 1}:
            </Text>
            {/* Both in the model's own language: the previous wording is stored in it. */}
            {Array.isArray(previous) && Array.isArray(item.sourceWording) ? (
              previous.map((p, i) => (
                <WordDiff key={i} parts={wordDiff(p, (item.sourceWording as string[])[i] ?? "")} />
              ))
            ) : (
              <WordDiff parts={wordDiff(String(previous), String(item.sourceWording))} />
            )}
          </Stack>
        )}
      </Stack>
      <Group gap="xs">
        <Text size="sm" fw={600}>
          Computed:
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
          Panel rationale at close
        </Text>
        <RationaleEditor
          docName={documentName("rationale", item.id)}
          editable={false}
          displayName={review.canDecide ? "Moderator" : "Observer"}
          colour="#1d4ed8"
          label={`Panel rationale for ${item.key}`}
        />
        <Text size="sm" fw={600} mt="xs">
          Moderators&apos; draft of a new wording
        </Text>
        <RationaleEditor
          docName={documentName("wording", item.id)}
          editable={review.canDecide && review.round.status === "closed"}
          displayName={review.canDecide ? "Moderator" : "Observer"}
          colour="#9a3412"
          label={`Moderators' wording draft for ${item.key}`}
          writers="A scratch pad shared live with the other moderators; it becomes the new wording only when put in the decision below and saved."
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
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        Decision
      </Text>
      <DecisionBadge item={item} />
      {item.rationale && <Text size="sm">Rationale: {item.rationale}</Text>}
      {item.newWording &&
        (Array.isArray(item.newWording) ? (
          <List type="ordered" size="sm">
            {item.newWording.map((l, i) => (
              <List.Item key={i}>{l}</List.Item>
            ))}
          </List>
        ) : (
          <Text size="sm">New wording: {item.newWording}</Text>
        ))}
      {item.decidedAt && (
        <Text size="xs" c="dimmed">
          {item.decidedBy ?? "A moderator"}, {new Date(item.decidedAt).toUTCString()}
        </Text>
      )}
    </Stack>
  );
}
