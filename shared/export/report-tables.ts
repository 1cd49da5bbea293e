// The study report's tables as lists of columns (header, cell text, width in the PDF): the report page
// (app/components/report/ReportSections.tsx) and its PDF (app/models/report.server.ts) both render these, so a
// column added, renamed or formatted differently changes both at once.
import { CONSENSUS_STATUSES, type ConsensusStatus } from "../stats/statuses";
import { formatDateTime, formatFigure, formatPct, statusLabel } from "./format";

export interface ReportColumn<Row> {
  header: string;
  text(row: Row): string;
  /** Points in the PDF's table; the rest share what is left. */
  pdfWidth?: number;
}

export const cellTexts = <Row>(columns: readonly ReportColumn<Row>[], row: Row) => columns.map((c) => c.text(row));

const rate = (pct: number | null) => (pct === null ? "—" : `${formatPct(pct)} %`);

export interface CompositionRow {
  value: string | null;
  invited: number;
  /** null below the minimum group size: whether its few panellists joined is theirs to know (`note` says so). */
  joined: number | null;
  tookPart: number | null;
  note?: string;
}

/** Panel composition by one attribute ("Stakeholder type", "Country", "Gender"). */
export const compositionColumns = (attribute: string): ReportColumn<CompositionRow>[] => [
  { header: attribute, text: (r) => r.value ?? "not recorded" },
  { header: "Invited", text: (r) => String(r.invited), pdfWidth: 60 },
  { header: "Joined", text: (r) => (r.joined === null ? (r.note ?? "") : String(r.joined)), pdfWidth: 60 },
  { header: "Took part", text: (r) => (r.tookPart === null ? "" : String(r.tookPart)), pdfWidth: 60 },
];

export interface ParticipationRow {
  round: number;
  status: string;
  openedAt: string | null;
  closedAt: string | null;
  invited: number;
  joined: number;
  started: number;
  completed: number;
  partial: number;
  responseRate: number | null;
  retention: number | null;
}

export const PARTICIPATION_COLUMNS: ReportColumn<ParticipationRow>[] = [
  { header: "Round", text: (p) => String(p.round) },
  { header: "Status", text: (p) => p.status },
  { header: "Opened", text: (p) => formatDateTime(p.openedAt) },
  { header: "Closed", text: (p) => formatDateTime(p.closedAt) },
  { header: "Invited", text: (p) => String(p.invited) },
  { header: "Joined", text: (p) => String(p.joined) },
  { header: "Started", text: (p) => String(p.started) },
  { header: "Complete", text: (p) => String(p.completed) },
  { header: "Partial", text: (p) => String(p.partial) },
  { header: "Response rate", text: (p) => rate(p.responseRate) },
  { header: "Retention", text: (p) => rate(p.retention) },
];

export interface ResultRow {
  key: string;
  kind: string;
  n: number;
  nNoOpinion: number;
  agreePct: number | null;
  median: number | null;
  iqr: number | null;
  status: string | null;
  decision: string | null;
}

export const RESULT_COLUMNS: ReportColumn<ResultRow>[] = [
  { header: "Item", text: (i) => i.key, pdfWidth: 70 },
  { header: "Kind", text: (i) => i.kind, pdfWidth: 50 },
  { header: "n", text: (i) => String(i.n), pdfWidth: 28 },
  { header: "No opinion", text: (i) => String(i.nNoOpinion), pdfWidth: 45 },
  { header: "Agree %", text: (i) => formatPct(i.agreePct), pdfWidth: 45 },
  { header: "Median", text: (i) => formatFigure(i.median), pdfWidth: 42 },
  { header: "IQR", text: (i) => formatFigure(i.iqr), pdfWidth: 35 },
  { header: "Computed status", text: (i) => statusLabel(i.status) },
  { header: "Decision", text: (i) => (i.decision ? statusLabel(i.decision) : "undecided") },
];

export interface OutcomeRow {
  round: number;
  items: number;
  computed: Record<ConsensusStatus, number>;
  final: Record<ConsensusStatus, number>;
  undecided: number;
}

/** Counts per status: computed by the rule → final after the decisions (one number when both agree). */
export const OUTCOME_COLUMNS: ReportColumn<OutcomeRow>[] = [
  { header: "Round", text: (o) => String(o.round) },
  { header: "Items", text: (o) => String(o.items) },
  ...CONSENSUS_STATUSES.map((s): ReportColumn<OutcomeRow> => ({
    header: statusLabel(s),
    text: (o) => (o.computed[s] === o.final[s] ? String(o.final[s]) : `${o.computed[s]} → ${o.final[s]}`),
  })),
  { header: "Undecided", text: (o) => String(o.undecided) },
];

export interface RestructuringRow {
  seq: number;
  afterRound: number;
  change: string;
  kind: string;
  from: string[];
  to: string[];
  proposal?: string;
  rationale: string;
}

/** The moderators' restructurings: keys before (base version, or when taken) and in the study's model now. */
export const RESTRUCTURING_COLUMNS: ReportColumn<RestructuringRow>[] = [
  { header: "After round", text: (r) => String(r.afterRound), pdfWidth: 40 },
  { header: "Change", text: (r) => r.change, pdfWidth: 50 },
  { header: "Kind", text: (r) => r.kind, pdfWidth: 55 },
  { header: "From", text: (r) => r.from.join(", ") || "—", pdfWidth: 70 },
  { header: "To", text: (r) => r.to.join(", ") || "—", pdfWidth: 70 },
  { header: "Proposal", text: (r) => r.proposal ?? "", pdfWidth: 45 },
  { header: "Rationale", text: (r) => r.rationale },
];

export interface OverrideRow {
  round: number;
  key: string;
  computed: string;
  decision: string;
  rationale: string;
}

export const OVERRIDE_COLUMNS: ReportColumn<OverrideRow>[] = [
  { header: "Round", text: (o) => String(o.round), pdfWidth: 40 },
  { header: "Item", text: (o) => o.key, pdfWidth: 70 },
  { header: "Computed", text: (o) => statusLabel(o.computed), pdfWidth: 65 },
  { header: "Decision", text: (o) => statusLabel(o.decision), pdfWidth: 65 },
  { header: "Rationale", text: (o) => o.rationale },
];
