// The review's item list: filters by computed status and decision, a sort by agreement, then a table on
// wide screens and one card per item on phones, where a ten-column table would hide the Decide button.
import { Button, Card, Checkbox, Group, NativeSelect, Stack, Table, Text } from "@mantine/core";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { HeaderRow, type HeaderColumn } from "../HeaderRow";
import { MiniHistogram } from "~/components/charts/DistributionBars";
import { ComputedBadge, DecisionBadge, WordingText } from "./Badges";
import { STATUSES, useReviewWords, type Item, type Review, type Status } from "./status";

type SortKey = "key" | "agree-asc" | "agree-desc";

export function ReviewItems({ review, onOpen }: { review: Review; onOpen: (itemId: string) => void }) {
  const [computed, setComputed] = useState<"all" | Status>("all");
  const [undecidedOnly, setUndecidedOnly] = useState(false);
  const [sort, setSort] = useState<SortKey>("key");
  const { t } = useTranslation("review");
  const { num, pct, status } = useReviewWords();
  const columns: HeaderColumn[] = [
    t("items.columns.key"),
    t("items.columns.item"),
    { label: t("items.columns.n"), align: "right" },
    { label: t("items.columns.agree"), align: "right" },
    { label: t("items.columns.median"), align: "right" },
    { label: t("items.columns.iqr"), align: "right" },
    t("items.columns.ratings"),
    t("items.columns.computed"),
    t("items.columns.decision"),
    { label: t("items.columns.actions"), hidden: true },
  ];
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
          label={t("items.computedStatus")}
          value={computed}
          onChange={(e) => setComputed(e.currentTarget.value as "all" | Status)}
          data={[
            { value: "all", label: t("items.all") },
            ...counts.map((c) => ({
              value: c.status,
              label: t("items.statusOption", { status: status(c.status), n: c.n }),
            })),
          ]}
        />
        <NativeSelect
          label={t("items.sortBy")}
          value={sort}
          onChange={(e) => setSort(e.currentTarget.value as SortKey)}
          data={[
            { value: "key", label: t("items.sortKey") },
            { value: "agree-asc", label: t("items.sortAgreeAsc") },
            { value: "agree-desc", label: t("items.sortAgreeDesc") },
          ]}
        />
        <Checkbox
          label={t("items.undecidedOnly")}
          checked={undecidedOnly}
          onChange={(e) => setUndecidedOnly(e.currentTarget.checked)}
          mb={8}
        />
        <Text size="sm" mb={8}>
          {t("items.shown", { shown: shown.length, total: review.items.length })}
        </Text>
      </Group>
      <Table.ScrollContainer minWidth={1000} visibleFrom="md">
        <Table
          striped
          highlightOnHover
          verticalSpacing="xs"
          aria-label={t("items.label", { round: review.round.number })}
        >
          <HeaderRow columns={columns} />
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
      <Stack
        gap="xs"
        hiddenFrom="md"
        component="ul"
        p={0}
        m={0}
        aria-label={t("items.label", { round: review.round.number })}
      >
        {shown.map((item) => (
          <ItemCard key={item.id} item={item} review={review} onOpen={onOpen} />
        ))}
      </Stack>
      {shown.length === 0 && <Text size="sm">{t("items.none")}</Text>}
    </Stack>
  );
}

function ItemCard({ item, review, onOpen }: { item: Item; review: Review; onOpen: (itemId: string) => void }) {
  const { t } = useTranslation("review");
  const { num, pct } = useReviewWords();
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
          {t("items.columns.n")} <Answers item={item} /> ·{" "}
          {t("items.cardFigures", { agree: pct(f?.agreePct), median: num(f?.median), iqr: num(f?.iqr) })}
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
  const { t } = useTranslation("review");
  const { kind } = useReviewWords();
  return (
    <Text size="xs" c="dimmed">
      {kind(item.kind)}
      {item.history.length > 1 ? t("items.carried", { round: item.history[0]!.round }) : ""}
    </Text>
  );
}

function Answers({ item }: { item: Item }) {
  const { t } = useTranslation("review");
  const f = item.figures?.overall;
  return (
    <>
      {f?.nRated ?? 0}
      {f?.nNoOpinion ? (
        <Text span size="xs" c="dimmed" title={t("items.noOpinion")}>
          {" "}
          +{f.nNoOpinion}
        </Text>
      ) : null}
    </>
  );
}

function OpenButton({ item, review, onOpen }: { item: Item; review: Review; onOpen: (itemId: string) => void }) {
  const { t } = useTranslation("review");
  return (
    <Button
      size="xs"
      variant={review.canDecide && !item.decision ? "filled" : "default"}
      onClick={() => onOpen(item.id)}
      aria-label={t(review.canDecide ? "items.decide" : "items.detailsOf", { key: item.key })}
    >
      {review.canDecide ? (item.decision ? t("items.change") : t("items.decideButton")) : t("items.details")}
    </Button>
  );
}
