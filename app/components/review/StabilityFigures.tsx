// Stability between rounds and panel agreement as tables, shared by the review page, the item lineage and the
// study report: aggregates over the panel only (app/models/stability.server.ts), never for an open round.
import { Table, Text } from "@mantine/core";
import type { ReactNode } from "react";
import type { ItemStability, RoundAgreement } from "~/models/stability.server";
import { formatChange, formatCoefficient, formatP, formatPct } from "../../../shared/export/format";
import { HeaderRow } from "../HeaderRow";

/** The loader's JSON of a RoundAgreement / ItemStability (plain numbers and strings, nothing to revive). */
type Json<T> = { [K in keyof T]: T[K] extends object | null ? Json<T[K]> : T[K] };
export type ShownAgreement = Json<RoundAgreement>;
export type ShownStability = Json<ItemStability>;

export function PanelAgreementTable({ rounds, caption }: { rounds: ShownAgreement[]; caption?: string }) {
  return (
    <Table striped withTableBorder fz="sm" aria-label={caption ?? "Panel agreement per round"}>
      {caption && <Table.Caption>{caption}</Table.Caption>}
      <HeaderRow
        columns={[
          "Round",
          "Panellists",
          "Rated every item",
          "Fleiss' kappa (points)",
          "Fleiss' kappa (bands)",
          "Kendall's W",
        ]}
      />
      <Table.Tbody>
        {rounds.map((a) => (
          <Table.Tr key={a.round}>
            <Table.Th scope="row" fw={400}>
              {a.round}
            </Table.Th>
            <Table.Td>{a.nPanellists}</Table.Td>
            <Table.Td>{a.nRaters}</Table.Td>
            <Table.Td>{formatCoefficient(a.fleissKappaPoints)}</Table.Td>
            <Table.Td>{formatCoefficient(a.fleissKappaAgreement)}</Table.Td>
            <Table.Td>{formatCoefficient(a.kendallW)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** One row per item (and pair of rounds); `itemLink` makes the key a link. */
export function ItemStabilityTable({
  items,
  caption,
  itemLink,
}: {
  items: ShownStability[];
  caption?: string;
  itemLink?: (key: string, label: string) => ReactNode;
}) {
  if (!items.length) return <Text size="sm">No item was rated in two consecutive closed rounds.</Text>;
  return (
    <Table striped withTableBorder fz="sm" aria-label={caption ?? "Stability between rounds"}>
      {caption && <Table.Caption>{caption}</Table.Caption>}
      <HeaderRow
        columns={["Item", "Rounds", "Pairs", "Changed band", "Wilcoxon p", "IQR change", "Agreement change"]}
      />
      <Table.Tbody>
        {items.map((s) => (
          <Table.Tr key={`${s.round}-${s.key}`} data-testid={`stability-${s.round}-${s.key}`}>
            <Table.Th scope="row" fw={400}>
              {itemLink ? itemLink(s.key, s.key) : s.key}
            </Table.Th>
            <Table.Td>
              {s.previousRound} → {s.round}
            </Table.Td>
            <Table.Td>{s.nPairs}</Table.Td>
            <Table.Td>{s.changedCategoryPct === null ? "—" : `${formatPct(s.changedCategoryPct)} %`}</Table.Td>
            <Table.Td>{formatP(s.wilcoxon.pValue)}</Table.Td>
            <Table.Td>{formatChange(s.iqrChange)}</Table.Td>
            <Table.Td>{s.agreePctChange === null ? "—" : `${formatChange(s.agreePctChange)} points`}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** A single item's stability as label/value rows (review drawer, lineage card). */
export function ItemStabilitySummary({ stability: s }: { stability: ShownStability }) {
  const rows: [string, string][] = [
    ["Panellists in both rounds", String(s.nPairs)],
    [
      "Changed band (agree/neutral/disagree)",
      s.changedCategoryPct === null ? "—" : `${s.nChangedCategory} (${formatPct(s.changedCategoryPct)} %)`,
    ],
    [
      "Wilcoxon signed-rank p",
      s.wilcoxon.pValue === null ? "— (no difference to test)" : `${formatP(s.wilcoxon.pValue)} (${s.wilcoxon.method})`,
    ],
    ["IQR of these panellists", `${formatChange(s.iqrChange)} (${fmt(s.iqrPrevious)} → ${fmt(s.iqr)})`],
    [
      "Agreement of these panellists",
      `${formatChange(s.agreePctChange)} points (${formatPct(s.agreePctPrevious)} % → ${formatPct(s.agreePct)} %)`,
    ],
  ];
  return (
    <Table withRowBorders={false} verticalSpacing={2} fz="sm" aria-label={`Stability since round ${s.previousRound}`}>
      <Table.Caption>Stability since round {s.previousRound}</Table.Caption>
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th fw={500} w={240} scope="row">
              {label}
            </Table.Th>
            <Table.Td>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

const fmt = (x: number | null) => (x === null ? "—" : String(Number(x.toFixed(2))));
