// The review's item list: filters by computed status and decision, a sort by agreement, then a table on
// wide screens and one card per item on phones, where a ten-column table would hide the Decide button.
import { Button, Card, Checkbox, Group, NativeSelect, Stack, Table, Text } from "@mantine/core";
import { useMemo, useState } from "react";
import { HeaderRow, type HeaderColumn } from "../HeaderRow";
import { MiniHistogram } from "~/components/charts/DistributionBars";
import { ComputedBadge, DecisionBadge, WordingText } from "./Badges";
import { KIND_LABELS, STATUSES, STATUS_LABELS, num, pct, type Item, type Review, type Status } from "./status";

type SortKey = "key" | "agree-asc" | "agree-desc";

const COLUMNS: HeaderColumn[] = [
  "Key",
  "Item",
  { label: "n", align: "right" },
  { label: "Agree", align: "right" },
  { label: "Median", align: "right" },
  { label: "IQR", align: "right" },
  "Ratings",
  "Computed",
  "Decision",
  { label: "Actions", hidden: true },
];

export function ReviewItems({ review, onOpen }: { review: Review; onOpen: (itemId: string) => void }) {
  const [computed, setComputed] = useState<"all" | Status>("all");
  const [undecidedOnly, setUndecidedOnly] = useState(false);
  const [sort, setSort] = useState<SortKey>("key");
  const shown = useMemo(() => {
    const rows = review.items.filter(
      (i) => (computed === "all" || i.status === computed) && (!undecidedOnly || i.decision === null),
    );
    if (sort === "key") return rows;
    const agree = (i: Item) => i.figures?.overall.agreePct ?? -1;
    return [...rows].sort((a, b) => (sort === "agree-asc" ? agree(a) - agree(b) : agree(b) - agree(a)));
  }, [review.items, computed, undecidedOnly, sort]);
  const counts = STATUSES.map((s) => ({ status: s, n: review.items.filter((i) => i.status === s).length }));

  return (
    <Stack gap="sm">
      <Group gap="md" align="flex-end" wrap="wrap">
        <NativeSelect
          label="Computed status"
          value={computed}
          onChange={(e) => setComputed(e.currentTarget.value as "all" | Status)}
          data={[
            { value: "all", label: "All" },
            ...counts.map((c) => ({ value: c.status, label: `${STATUS_LABELS[c.status]} (${c.n})` })),
          ]}
        />
        <NativeSelect
          label="Sort by"
          value={sort}
          onChange={(e) => setSort(e.currentTarget.value as SortKey)}
          data={[
            { value: "key", label: "Key (model order)" },
            { value: "agree-asc", label: "Agreement, lowest first" },
            { value: "agree-desc", label: "Agreement, highest first" },
          ]}
        />
        <Checkbox
          label="Undecided only"
          checked={undecidedOnly}
          onChange={(e) => setUndecidedOnly(e.currentTarget.checked)}
          mb={8}
        />
        <Text size="sm" mb={8}>
          {shown.length} of {review.items.length} shown
        </Text>
      </Group>
      <Table.ScrollContainer minWidth={1000} visibleFrom="md">
        <Table striped highlightOnHover verticalSpacing="xs" aria-label={`Items of round ${review.round.number}`}>
          <HeaderRow columns={COLUMNS} />
          <Table.Tbody>
            {shown.map((item) => {
              const f = item.figures?.overall;
              return (
                <Table.Tr key={item.id} data-testid={`review-row-${item.key}`}>
                  <Table.Td fw={700} style={{ whiteSpace: "nowrap" }}>
                    {item.key}
                  </Table.Td>
                  <Table.Td maw={360}>
                    <WordingText item={item} />
                    <ItemKind item={item} />
                  </Table.Td>
                  <Table.Td ta="right">
                    <Answers item={item} />
                  </Table.Td>
                  <Table.Td ta="right">{pct(f?.agreePct)}</Table.Td>
                  <Table.Td ta="right">{num(f?.median)}</Table.Td>
                  <Table.Td ta="right">{num(f?.iqr)}</Table.Td>
                  <Table.Td>{f && <MiniHistogram counts={f.counts} />}</Table.Td>
                  <Table.Td maw={260}>
                    <ComputedBadge status={item.status} />
                    {item.reason && (
                      <Text size="xs" lineClamp={2} title={item.reason}>
                        {item.reason}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <DecisionBadge item={item} />
                  </Table.Td>
                  <Table.Td>
                    <OpenButton item={item} review={review} onOpen={onOpen} />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Stack gap="xs" hiddenFrom="md" component="ul" p={0} m={0} aria-label={`Items of round ${review.round.number}`}>
        {shown.map((item) => (
          <ItemCard key={item.id} item={item} review={review} onOpen={onOpen} />
        ))}
      </Stack>
      {shown.length === 0 && <Text size="sm">No item matches these filters.</Text>}
    </Stack>
  );
}

function ItemCard({ item, review, onOpen }: { item: Item; review: Review; onOpen: (itemId: string) => void }) {
  const f = item.figures?.overall;
  return (
    <Card component="li" withBorder padding="xs" data-testid={`review-card-${item.key}`} style={{ listStyle: "none" }}>
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
        <Text fw={700} size="sm">
          {item.key}
        </Text>
        <OpenButton item={item} review={review} onOpen={onOpen} />
      </Group>
      <WordingText item={item} lines={3} />
      <ItemKind item={item} />
      <Group gap="xs" mt={4} wrap="wrap" align="center">
        <Text size="xs">
          n <Answers item={item} /> · agree {pct(f?.agreePct)} · median {num(f?.median)} · IQR {num(f?.iqr)}
        </Text>
        {f && <MiniHistogram counts={f.counts} />}
      </Group>
      <Group gap="xs" mt={4} wrap="wrap">
        <ComputedBadge status={item.status} />
        <DecisionBadge item={item} />
      </Group>
      {item.reason && (
        <Text size="xs" lineClamp={2}>
          {item.reason}
        </Text>
      )}
    </Card>
  );
}

function ItemKind({ item }: { item: Item }) {
  return (
    <Text size="xs" c="dimmed">
      {KIND_LABELS[item.kind]}
      {item.history.length > 1 ? ` · carried from round ${item.history[0]!.round}` : ""}
    </Text>
  );
}

function Answers({ item }: { item: Item }) {
  const f = item.figures?.overall;
  return (
    <>
      {f?.nRated ?? 0}
      {f?.nNoOpinion ? (
        <Text span size="xs" c="dimmed" title="no opinion">
          {" "}
          +{f.nNoOpinion}
        </Text>
      ) : null}
    </>
  );
}

function OpenButton({ item, review, onOpen }: { item: Item; review: Review; onOpen: (itemId: string) => void }) {
  return (
    <Button
      size="xs"
      variant={review.canDecide && !item.decision ? "filled" : "default"}
      onClick={() => onOpen(item.id)}
      aria-label={`${review.canDecide ? "Decide" : "Details of"} ${item.key}`}
    >
      {review.canDecide ? (item.decision ? "Change" : "Decide") : "Details"}
    </Button>
  );
}
