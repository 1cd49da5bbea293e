// How report pages, the PDF and printouts show figures and statuses: one place, so the page and the
// PDF of a study report never disagree. Exports write full-precision numbers instead (see ./csv.ts).

export const STATUS_LABELS: Record<string, string> = {
  validated: "validated",
  reformulate: "reformulate",
  reevaluate: "re-evaluate",
  dropped: "dropped",
  // computed only: fewer rated answers than the consensus rule's minimum
  insufficient: "insufficient answers",
};

export const statusLabel = (status: string | null | undefined): string =>
  status ? (STATUS_LABELS[status] ?? status) : "—";

/** A percentage with one decimal ("85.7"), "—" when not available. */
export function formatPct(pct: number | null | undefined): string {
  return pct === null || pct === undefined ? "—" : pct.toFixed(1);
}

/** A median, IQR, mean…: up to two decimals without trailing zeros ("4", "3.5", "0.67"). */
export function formatFigure(x: number | null | undefined): string {
  return x === null || x === undefined ? "—" : String(Number(x.toFixed(2)));
}

/** A coefficient such as Fleiss' kappa or Kendall's W, three decimals ("0.412"), "—" when not defined. */
export function formatCoefficient(x: number | null | undefined): string {
  return x === null || x === undefined ? "—" : x.toFixed(3);
}

/** A p-value to three significant digits ("0.375"), "< 0.001" below that, "—" when not defined. */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined) return "—";
  return p < 0.001 ? "< 0.001" : String(Number(p.toPrecision(3)));
}

/** A change between rounds with its sign ("+12.5", "−0.5", "0"), "—" when not available. */
export function formatChange(x: number | null | undefined): string {
  if (x === null || x === undefined) return "—";
  const shown = formatFigure(Math.abs(x));
  return shown === "0" ? "0" : `${x > 0 ? "+" : "−"}${shown}`;
}

/** An ISO timestamp as a readable UTC date and time ("2025-01-31 09:05 UTC"). */
export function formatDateTime(iso: string | null | undefined): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : "—";
}

/** The study report's sections by id (page anchors, the checklist's references), in report order. */
export const REPORT_SECTIONS = {
  panel: "Panel composition",
  participation: "Participation per round",
  consensus: "Consensus definition",
  results: "Results per round",
  outcomes: "Outcomes per round",
  nonConsensus: "Items without consensus",
  overrides: "Moderator overrides",
  anonymity: "Anonymity",
  versions: "Published model versions and audit trail",
  stability: "Stability between rounds and panel agreement",
} as const;
export type ReportSection = keyof typeof REPORT_SECTIONS;
