// How report pages, the PDF and printouts show figures and statuses: one place, so the page and the
// PDF of a study report never disagree. Exports write full-precision numbers instead (see ./csv.ts).

export const STATUS_LABELS: Record<string, string> = {
  validated: "validated",
  reformulate: "reformulate",
  reevaluate: "re-evaluate",
  dropped: "dropped",
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
} as const;
export type ReportSection = keyof typeof REPORT_SECTIONS;
