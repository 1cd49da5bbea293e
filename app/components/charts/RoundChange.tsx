// Round-over-round change of an item carried between rounds: a stacked bar chart (Mantine charts) of the
// disagree / neutral / agree shares per round, the same figures as a table for screen readers and print,
// and a one-line summary of what moved.
import { BarChart } from "@mantine/charts";
import { Stack, Table, Text } from "@mantine/core";
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

const pct = (x: number | null) => (x === null ? "–" : `${Math.round(x)} %`);
const num = (x: number | null) => (x === null ? "–" : String(Number(x.toFixed(2))));

function bands(counts: number[]) {
  const out = { disagree: 0, neutral: 0, agree: 0 };
  counts.forEach((c, i) => (out[bandOf(i + 1, counts.length)] += c));
  return out;
}

const SERIES = [
  { name: "disagree", label: "Disagree", color: BAND_COLOURS.disagree },
  { name: "neutral", label: "Neutral", color: BAND_COLOURS.neutral },
  { name: "agree", label: "Agree", color: BAND_COLOURS.agree },
];

/** Shares per round as a percent-stacked bar each; the table below carries the same figures in words. */
function ChangeChart({ history, summary }: { history: RoundFigures[]; summary: string }) {
  const data = history.map((h) => ({ round: `Round ${h.round}`, ...bands(h.counts) }));
  return (
    <div role="img" aria-label={`Disagree, neutral and agree shares per round. ${summary}`}>
      <BarChart
        h={140}
        data={data}
        dataKey="round"
        type="percent"
        orientation="vertical"
        series={SERIES}
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

function describeChange(first: RoundFigures, last: RoundFigures): string {
  if (first.agreePct === null || last.agreePct === null) return "Not enough ratings to compare rounds.";
  const delta = Math.round(last.agreePct) - Math.round(first.agreePct);
  const way = delta > 0 ? `rose by ${delta} points` : delta < 0 ? `fell by ${-delta} points` : "did not change";
  return `From round ${first.round} to round ${last.round} agreement ${way} (${pct(first.agreePct)} → ${pct(last.agreePct)}); median ${num(first.median)} → ${num(last.median)}, IQR ${num(first.iqr)} → ${num(last.iqr)}.`;
}

export function RoundChange({ history }: { history: RoundFigures[] }) {
  if (history.length < 2) return null;
  const summary = describeChange(history[0]!, history[history.length - 1]!);
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        Change between rounds
      </Text>
      <ChangeChart history={history} summary={summary} />
      <Table withRowBorders={false} verticalSpacing={2} fz="xs" aria-label="Figures per round">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Round</Table.Th>
            <Table.Th>Disagree · neutral · agree (n)</Table.Th>
            <Table.Th>Agreement</Table.Th>
            <Table.Th>Median</Table.Th>
            <Table.Th>IQR</Table.Th>
            <Table.Th>n</Table.Th>
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
