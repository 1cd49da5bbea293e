// Stability between rounds and panel agreement as tables, shared by the review page, the item lineage and the
// study report: aggregates over the panel only (app/models/stability.server.ts), never for an open round.
import { Table, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/format";
import type { ItemStability, RoundAgreement } from "~/models/stability.server";
import { HeaderRow } from "../HeaderRow";

/** The loader's JSON of a RoundAgreement / ItemStability (plain numbers and strings, nothing to revive). */
type Json<T> = { [K in keyof T]: T[K] extends object | null ? Json<T[K]> : T[K] };
export type ShownAgreement = Json<RoundAgreement>;
export type ShownStability = Json<ItemStability>;

export function PanelAgreementTable({ rounds, caption }: { rounds: ShownAgreement[]; caption?: string }) {
  const { t } = useTranslation("review");
  const f = useFormat();
  return (
    <Table striped withTableBorder fz="sm" aria-label={caption ?? t("stability.agreementLabel")}>
      {caption && <Table.Caption>{caption}</Table.Caption>}
      <HeaderRow
        columns={[
          t("stability.agreementColumns.round"),
          t("stability.agreementColumns.panellists"),
          t("stability.agreementColumns.raters"),
          t("stability.agreementColumns.kappaPoints"),
          t("stability.agreementColumns.kappaBands"),
          t("stability.agreementColumns.kendall"),
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
            <Table.Td>{f.coefficient(a.fleissKappaPoints)}</Table.Td>
            <Table.Td>{f.coefficient(a.fleissKappaAgreement)}</Table.Td>
            <Table.Td>{f.coefficient(a.kendallW)}</Table.Td>
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
  const { t } = useTranslation("review");
  const f = useFormat();
  if (!items.length) return <Text size="sm">{t("stability.noPairs")}</Text>;
  return (
    <Table striped withTableBorder fz="sm" aria-label={caption ?? t("stability.itemsLabel")}>
      {caption && <Table.Caption>{caption}</Table.Caption>}
      <HeaderRow
        columns={[
          t("stability.itemColumns.item"),
          t("stability.itemColumns.rounds"),
          t("stability.itemColumns.pairs"),
          t("stability.itemColumns.changed"),
          t("stability.itemColumns.wilcoxon"),
          t("stability.itemColumns.iqr"),
          t("stability.itemColumns.agreement"),
        ]}
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
            <Table.Td>
              {s.changedCategoryPct === null ? "—" : t("stability.pct", { value: f.pct(s.changedCategoryPct) })}
            </Table.Td>
            <Table.Td>{f.p(s.wilcoxon.pValue)}</Table.Td>
            <Table.Td>{f.change(s.iqrChange)}</Table.Td>
            <Table.Td>
              {s.agreePctChange === null ? "—" : t("stability.points", { value: f.change(s.agreePctChange) })}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** A single item's stability as label/value rows (review drawer, lineage card). */
export function ItemStabilitySummary({ stability: s }: { stability: ShownStability }) {
  const { t } = useTranslation("review");
  const f = useFormat();
  const rows: [string, string][] = [
    [t("stability.summary.pairs"), f.number(s.nPairs)],
    [
      t("stability.summary.changed"),
      s.changedCategoryPct === null
        ? "—"
        : t("stability.summary.changedValue", { n: f.number(s.nChangedCategory), pct: f.pct(s.changedCategoryPct) }),
    ],
    [
      t("stability.summary.wilcoxon"),
      s.wilcoxon.pValue === null
        ? t("stability.summary.noDifference")
        : t("stability.summary.wilcoxonValue", { p: f.p(s.wilcoxon.pValue), method: methodName(s.wilcoxon.method) }),
    ],
    [
      t("stability.summary.iqr"),
      t("stability.summary.iqrValue", {
        change: f.change(s.iqrChange),
        from: f.figure(s.iqrPrevious),
        to: f.figure(s.iqr),
      }),
    ],
    [
      t("stability.summary.agreement"),
      t("stability.summary.agreementValue", {
        change: f.change(s.agreePctChange),
        from: f.pct(s.agreePctPrevious),
        to: f.pct(s.agreePct),
      }),
    ],
  ];
  function methodName(m: string | null) {
    return m === "exact" || m === "permutation" || m === "approx" ? t(`stability.summary.method.${m}`) : (m ?? "—");
  }
  const since = t("stability.summary.since", { round: s.previousRound });
  return (
    <Table withRowBorders={false} verticalSpacing={2} fz="sm" aria-label={since}>
      <Table.Caption>{since}</Table.Caption>
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
