// Round-over-round change of an item carried between rounds: per round a stacked bar of disagree /
// neutral / agree shares, the agreement and median, and a one-line summary of what moved.
import { Box, Group, Stack, Table, Text } from "@mantine/core";
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

function StackedBar({ counts }: { counts: number[] }) {
  const b = bands(counts);
  const n = b.disagree + b.neutral + b.agree;
  return (
    <Group gap={0} wrap="nowrap" w={160} h={14} aria-hidden style={{ borderRadius: 2, overflow: "hidden" }}>
      {n === 0 ? (
        <Box w="100%" h={14} bg="gray.1" />
      ) : (
        (["disagree", "neutral", "agree"] as const).map((band) => (
          <Box key={band} h={14} style={{ width: `${(b[band] * 100) / n}%`, background: BAND_COLOURS[band] }} />
        ))
      )}
    </Group>
  );
}

function describeChange(first: RoundFigures, last: RoundFigures): string {
  if (first.agreePct === null || last.agreePct === null) return "Not enough ratings to compare rounds.";
  const delta = Math.round(last.agreePct) - Math.round(first.agreePct);
  const way = delta > 0 ? `rose by ${delta} points` : delta < 0 ? `fell by ${-delta} points` : "did not change";
  return `From round ${first.round} to round ${last.round} agreement ${way} (${pct(first.agreePct)} → ${pct(last.agreePct)}); median ${num(first.median)} → ${num(last.median)}, IQR ${num(first.iqr)} → ${num(last.iqr)}.`;
}

export function RoundChange({ history }: { history: RoundFigures[] }) {
  if (history.length < 2) return null;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        Change between rounds
      </Text>
      <Table withRowBorders={false} verticalSpacing={2} fz="xs" aria-label="Figures per round">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Round</Table.Th>
            <Table.Th>Disagree · neutral · agree</Table.Th>
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
              <Table.Td>
                <StackedBar counts={h.counts} />
              </Table.Td>
              <Table.Td>{pct(h.agreePct)}</Table.Td>
              <Table.Td>{num(h.median)}</Table.Td>
              <Table.Td>{num(h.iqr)}</Table.Td>
              <Table.Td>{h.nRated}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs">{describeChange(history[0]!, history[history.length - 1]!)}</Text>
    </Stack>
  );
}
