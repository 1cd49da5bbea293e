// The changelog of a published version: each decided item's decision, figures, rationales, what became of its
// text and, after a restructuring, of its place ("merged into I.1", "now II.3.1").
import { Anchor, Table, Text } from "@mantine/core";
import type { ChangelogEntry } from "~/models/publish.server";

type Entry = ChangelogEntry;

const DECISION_LABELS: Record<string, string> = {
  validated: "validated",
  reformulate: "reformulated",
  reevaluate: "re-evaluate (unchanged)",
  dropped: "dropped",
  insufficient: "insufficient answers (unchanged)",
};
const pct = (x: number | null) => (x === null ? "–" : `${Math.round(x)} %`);
const num = (x: number | null) => (x === null ? "–" : String(Number(x.toFixed(2))));
export const anchorId = (key: string) => `item-${key.replace(/[^A-Za-z0-9]+/g, "-")}`;

export function ChangelogTable({ entries, showAll }: { entries: Entry[]; showAll: boolean }) {
  const rows = showAll
    ? entries
    : entries.filter((e) => e.changed || e.rationale || e.panelRationales?.length || e.structure || e.newKeys);
  if (!rows.length) return <Text size="sm">No entry changed the text or carries a rationale.</Text>;
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped verticalSpacing={4} fz="sm" aria-label="Changelog">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Key</Table.Th>
            <Table.Th>Decision</Table.Th>
            <Table.Th ta="right">Round</Table.Th>
            <Table.Th ta="right">Agree</Table.Th>
            <Table.Th ta="right">Median</Table.Th>
            <Table.Th ta="right">IQR</Table.Th>
            <Table.Th ta="right">n</Table.Th>
            <Table.Th>Rationale</Table.Th>
            <Table.Th>Text</Table.Th>
            <Table.Th>Structure</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((e) => (
            <Table.Tr key={e.key} data-testid={`changelog-${e.key}`}>
              <Table.Td fw={700} style={{ whiteSpace: "nowrap" }}>
                {e.changed ? (
                  <Anchor href={`#${anchorId(e.key)}`} size="sm" fw={700}>
                    {e.key}
                  </Anchor>
                ) : (
                  e.key
                )}
              </Table.Td>
              <Table.Td>
                {DECISION_LABELS[e.decision] ?? e.decision}
                {e.decidedBy === "rule" && (
                  <Text span size="xs" c="dimmed">
                    {" "}
                    (computed)
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right">{e.round}</Table.Td>
              <Table.Td ta="right">{pct(e.figures.agreePct)}</Table.Td>
              <Table.Td ta="right">{num(e.figures.median)}</Table.Td>
              <Table.Td ta="right">{num(e.figures.iqr)}</Table.Td>
              <Table.Td ta="right">{e.figures.n}</Table.Td>
              <Table.Td maw={320}>
                <Text size="sm">{e.rationale ?? "–"}</Text>
                {e.panelRationales?.map((r) => (
                  <Text
                    size="xs"
                    c="dimmed"
                    key={r.round}
                    style={{ whiteSpace: "pre-wrap" }}
                    data-testid="panel-rationale"
                  >
                    Panel&apos;s shared rationale, round {r.round}: {r.text}
                  </Text>
                ))}
              </Table.Td>
              <Table.Td>
                {e.newText === null
                  ? "removed"
                  : e.editorial
                    ? "editorial rewording"
                    : e.changed
                      ? "changed"
                      : "unchanged"}
              </Table.Td>
              <Table.Td data-testid="changelog-structure">
                {[...(e.structure ?? []), ...(e.newKeys && !e.structure ? [`now ${e.newKeys.join(", ")}`] : [])].join(
                  "; ",
                ) || "–"}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
