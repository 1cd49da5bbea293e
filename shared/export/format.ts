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

// Numbers follow the reader's locale ("85.7" in English, "85,7" in German); the PDF and exports use "en".
const numberFormats = new Map<string, Intl.NumberFormat>();
function decimals(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(locale, { useGrouping: false, ...options })));
  return format;
}

/** A percentage with one decimal ("85.7"), "—" when not available. */
export function formatPct(pct: number | null | undefined, locale = "en"): string {
  if (pct === null || pct === undefined) return "—";
  return decimals(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(pct);
}

/** A median, IQR, mean…: up to two decimals without trailing zeros ("4", "3.5", "0.67"). */
export function formatFigure(x: number | null | undefined, locale = "en"): string {
  if (x === null || x === undefined) return "—";
  return decimals(locale, { maximumFractionDigits: 2 }).format(Number(x.toFixed(2)));
}

/** A coefficient such as Fleiss' kappa or Kendall's W, three decimals ("0.412"), "—" when not defined. */
export function formatCoefficient(x: number | null | undefined, locale = "en"): string {
  if (x === null || x === undefined) return "—";
  return decimals(locale, { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(x);
}

/** A p-value to three significant digits ("0.375"), "< 0.001" below that, "—" when not defined. */
export function formatP(p: number | null | undefined, locale = "en"): string {
  if (p === null || p === undefined) return "—";
  if (p < 0.001) return `< ${decimals(locale, { minimumFractionDigits: 3 }).format(0.001)}`;
  return decimals(locale, { maximumSignificantDigits: 3 }).format(Number(p.toPrecision(3)));
}

/** A change between rounds with its sign ("+12.5", "−0.5", "0"), "—" when not available. */
export function formatChange(x: number | null | undefined, locale = "en"): string {
  if (x === null || x === undefined) return "—";
  const shown = formatFigure(Math.abs(x), locale);
  return Number(Math.abs(x).toFixed(2)) === 0 ? "0" : `${x > 0 ? "+" : "−"}${shown}`;
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
