// Round-over-round change of an item carried between rounds: a stacked bar chart (Mantine charts) of the
// disagree / neutral / agree shares per round, the same figures as a table for screen readers and print,
// and a one-line summary of what moved.
import { BarChart } from "@mantine/charts";
import { Stack, Table, Text } from "@mantine/core";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { useReviewWords } from "~/components/review/status";
import { BAND_COLOURS, bandOf } from "./DistributionBars";

export interface RoundFigures {
  round: number;
  counts: number[];
  nRated: number;
  nNoOpinion: number;
  agreePct: number | null;
  median: number | null;
  iqr: number | null;
}

type Words = ReturnType<typeof useReviewWords>;

function bands(counts: number[]) {
  const out = { disagree: 0, neutral: 0, agree: 0 };
  counts.forEach((c, i) => (out[bandOf(i + 1, counts.length)] += c));
  return out;
}

const SERIES = [
  { name: "disagree", color: BAND_COLOURS.disagree },
  { name: "neutral", color: BAND_COLOURS.neutral },
  { name: "agree", color: BAND_COLOURS.agree },
] as const;

/** Shares per round as a percent-stacked bar each; the table below carries the same figures in words. */
function ChangeChart({ history, summary }: { history: RoundFigures[]; summary: string }) {
  const { t } = useTranslation("review");
  const data = history.map((h) => ({ round: t("change.round", { round: h.round }), ...bands(h.counts) }));
  const series = SERIES.map((s) => ({ ...s, label: t(`change.${s.name}`) }));
  return (
    <div role="img" aria-label={t("change.chartLabel", { summary })}>
      <BarChart
        h={140}
        data={data}
        dataKey="round"
        type="percent"
        orientation="vertical"
        series={series}
        withLegend
        legendProps={{ verticalAlign: "bottom", height: 24 }}
        yAxisProps={{ width: 64 }}
        gridAxis="none"
        withTooltip={false}
        barChartProps={{ barSize: 14 }}
      />
    </div>
  );
}

function bandCounts(counts: number[]) {
  const b = bands(counts);
  return `${b.disagree} · ${b.neutral} · ${b.agree}`;
}

function describeChange(t: TFunction<"review">, w: Words, first: RoundFigures, last: RoundFigures): string {
  if (first.agreePct === null || last.agreePct === null) return t("change.notEnough");
  const delta = Math.round(last.agreePct) - Math.round(first.agreePct);
  const values = {
    from: first.round,
    to: last.round,
    delta: Math.abs(delta),
    pctFrom: w.pct(first.agreePct),
    pctTo: w.pct(last.agreePct),
    medianFrom: w.num(first.median),
    medianTo: w.num(last.median),
    iqrFrom: w.num(first.iqr),
    iqrTo: w.num(last.iqr),
  };
  return t(delta > 0 ? "change.rose" : delta < 0 ? "change.fell" : "change.same", values);
}

export function RoundChange({ history }: { history: RoundFigures[] }) {
  const { t } = useTranslation("review");
  const words = useReviewWords();
  const { pct, num } = words;
  if (history.length < 2) return null;
  const summary = describeChange(t, words, history[0]!, history[history.length - 1]!);
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {t("change.title")}
      </Text>
      <ChangeChart history={history} summary={summary} />
      <Table withRowBorders={false} verticalSpacing={2} fz="xs" aria-label={t("change.tableLabel")}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("change.columns.round")}</Table.Th>
            <Table.Th>{t("change.columns.bands")}</Table.Th>
            <Table.Th>{t("change.columns.agreement")}</Table.Th>
            <Table.Th>{t("change.columns.median")}</Table.Th>
            <Table.Th>{t("change.columns.iqr")}</Table.Th>
            <Table.Th>{t("change.columns.n")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {history.map((h) => (
            <Table.Tr key={h.round}>
              <Table.Td>{h.round}</Table.Td>
              <Table.Td>{bandCounts(h.counts)}</Table.Td>
              <Table.Td>{pct(h.agreePct)}</Table.Td>
              <Table.Td>{num(h.median)}</Table.Td>
              <Table.Td>{num(h.iqr)}</Table.Td>
              <Table.Td>{h.nRated}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs">{summary}</Text>
    </Stack>
  );
}
