// The changelog of a published version: each decided item's decision, figures, rationales, what became of its
// text and, after a restructuring, of its place ("merged into I.1", "now II.3.1").
import { Anchor, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";
import type { ChangelogEntry } from "~/models/publish.server";

type Entry = ChangelogEntry;

/** Decisions with a label in the models catalog (changelog.decision.*); another is shown as it is. */
const DECISIONS = new Set(["validated", "reformulate", "reevaluate", "dropped", "insufficient"]);
export const anchorId = (key: string) => `item-${key.replace(/[^A-Za-z0-9]+/g, "-")}`;

export function ChangelogTable({ entries, showAll }: { entries: Entry[]; showAll: boolean }) {
  const { t } = useTranslation("models");
  const f = useFormat();
  const pct = (x: number | null) => (x === null ? "–" : t("changelog.percent", { value: f.number(Math.round(x)) }));
  const num = (x: number | null) => (x === null ? "–" : f.figure(x));
  const rows = showAll
    ? entries
    : entries.filter((e) => e.changed || e.rationale || e.panelRationales?.length || e.structure || e.newKeys);
  if (!rows.length) return <Text size="sm">{t("changelog.none")}</Text>;
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped verticalSpacing={4} fz="sm" aria-label={t("changelog.label")}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("changelog.column.key")}</Table.Th>
            <Table.Th>{t("changelog.column.decision")}</Table.Th>
            <Table.Th ta="right">{t("changelog.column.round")}</Table.Th>
            <Table.Th ta="right">{t("changelog.column.agree")}</Table.Th>
            <Table.Th ta="right">{t("changelog.column.median")}</Table.Th>
            <Table.Th ta="right">{t("changelog.column.iqr")}</Table.Th>
            <Table.Th ta="right">{t("changelog.column.n")}</Table.Th>
            <Table.Th>{t("changelog.column.rationale")}</Table.Th>
            <Table.Th>{t("changelog.column.text")}</Table.Th>
            <Table.Th>{t("changelog.column.structure")}</Table.Th>
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
                {DECISIONS.has(e.decision) ? t(`changelog.decision.${e.decision as "validated"}`) : e.decision}
                {e.decidedBy === "rule" && (
                  <Text span size="xs" c="dimmed">
                    {" "}
                    {t("changelog.computed")}
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right">{e.round}</Table.Td>
              <Table.Td ta="right">{pct(e.figures.agreePct)}</Table.Td>
              <Table.Td ta="right">{num(e.figures.median)}</Table.Td>
              <Table.Td ta="right">{num(e.figures.iqr)}</Table.Td>
              <Table.Td ta="right">{e.figures.n}</Table.Td>
              <Table.Td maw={320}>
                <Text size="sm" dir="auto">
                  {e.rationale ?? "–"}
                </Text>
                {e.panelRationales?.map((r) => (
                  <Text
                    size="xs"
                    c="dimmed"
                    key={r.round}
                    style={{ whiteSpace: "pre-wrap" }}
                    data-testid="panel-rationale"
                    dir="auto"
                  >
                    {t("changelog.panelRationale", { round: r.round, text: r.text })}
                  </Text>
                ))}
              </Table.Td>
              <Table.Td>
                {t(
                  `changelog.text.${e.newText === null ? "removed" : e.editorial ? "editorial" : e.changed ? "changed" : "unchanged"}`,
                )}
              </Table.Td>
              <Table.Td data-testid="changelog-structure">
                {[
                  ...(e.structure ?? []),
                  ...(e.newKeys && !e.structure ? [t("changelog.now", { keys: e.newKeys.join(", ") })] : []),
                ].join("; ") || "–"}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
