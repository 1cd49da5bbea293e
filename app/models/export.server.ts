// Study exports for method teams (CSV, XLSX, JSON) and the audit trail as they see it: anonymised raw
// ratings, per-round figures that re-running shared/stats on those ratings reproduces exactly, the
// hash-chained audit log, the whole study as JSON, and the verified chain head to notarise.
// Nothing exported names a person: panellists appear by pseudonym. Every download is itself audited.
import { createHash } from "node:crypto";
import type { Db } from "../../server/db/client.js";
import { writeCsv, type Cell } from "../../shared/export/csv.js";
import { writeXlsx, XLSX_CONTENT_TYPE, type Sheet } from "../../shared/export/xlsx.js";
import { GENESIS_HASH, type ChainTip } from "../../shared/audit/chain.js";
import { AppError } from "../../shared/errors/app-error.js";
import type { ConsensusRule } from "../../shared/stats/consensus.js";
import { defaultScale, type ScalePoints } from "../../shared/stats/scale.js";
import { anonymisedAttributes } from "../../shared/stats/subgroups.js";
import { auditActor, requireRole } from "./access.server.js";
import { auditChainHead } from "./audit.server.js";
import { appendTalliedEvent } from "./audit-tally.server.js";
import { verifyConsultationAudit } from "./rating-log.server.js";
import { slugify } from "./model.server.js";
import { parseItemText } from "./lineage.server.js";
import { parseShownFigures } from "./results.server.js";
import { COUNTED_MEMBER } from "./panel.server.js";
import { studyStability, type ItemStability, type RoundAgreement } from "./stability.server.js";
import { keysById, studyStructure } from "./structure.server.js";
import { structureItems } from "../../shared/model/restructure.js";
import type { SessionUser } from "./user.server.js";

export const EXPORT_FILES = [
  "ratings.csv",
  "ratings.xlsx",
  "figures.csv",
  "figures.xlsx",
  "audit.csv",
  "audit.xlsx",
  "restructurings.csv",
  "study.json",
  "audit-head.json",
] as const;
export type ExportFileName = (typeof EXPORT_FILES)[number];

/** A file to download: the dispatcher and the resource routes turn it into an attachment. */
export interface ExportFile {
  body: string | Uint8Array;
  contentType: string;
  filename: string;
}

interface Table {
  header: string[];
  rows: Cell[][];
}

const READERS = ["moderator", "observer"] as const;
const CLOSED = ["closed", "published"];
const PAGE = 1000;

const byPseudonym = (a: string, b: string) => a.localeCompare(b, "en", { numeric: true });

// ---------------------------------------------------------------------------------------------
// Tables

export const RATINGS_HEADER = [
  "pseudonym",
  "stakeholder_type",
  "country",
  "gender",
  "round",
  "item_key",
  "kind",
  "value",
  "no_opinion",
  "comment",
  "suggestion",
];

/**
 * Each panellist's attributes as exports may print them next to the pseudonym: whoever knows the panel (the
 * moderators do) must not tell a pseudonym's person from a rare attribute or combination of attributes, so
 * values shared by fewer than the consultation's minimum group size are suppressed (shared/stats/subgroups.ts).
 */
async function exportedAttributes(db: Db, consultationId: string, memberIds: string[]) {
  const [c, panel] = await Promise.all([
    db.consultation.findUniqueOrThrow({ where: { id: consultationId }, select: { minGroupSize: true } }),
    // Exactly the panellists the file lists: the groups are counted among them.
    db.member.findMany({
      where: { consultationId, id: { in: [...new Set(memberIds)] } },
      select: { id: true, stakeholderType: true, country: true, gender: true },
      orderBy: { id: "asc" },
    }),
  ]);
  const shown = anonymisedAttributes(panel, c.minGroupSize);
  return new Map(panel.map((m, i) => [m.id, shown[i]!]));
}

/**
 * One row per answer (panellist pseudonym × item × round) of the closed rounds; a panellist who did
 * not answer an item has no row. Open rounds are left out: nobody sees individual answers before a round closes.
 */
export async function ratingsTable(db: Db, consultationId: string): Promise<Table> {
  const ratings = await db.rating.findMany({
    where: { item: { round: { consultationId, status: { in: CLOSED } } }, member: COUNTED_MEMBER },
    select: {
      value: true,
      comment: true,
      suggestion: true,
      member: { select: { id: true, pseudonym: true } },
      item: { select: { key: true, kind: true, position: true, round: { select: { number: true } } } },
    },
  });
  const attributes = await exportedAttributes(
    db,
    consultationId,
    ratings.map((r) => r.member.id),
  );
  ratings.sort(
    (a, b) =>
      a.item.round.number - b.item.round.number ||
      a.item.position - b.item.position ||
      byPseudonym(a.member.pseudonym, b.member.pseudonym),
  );
  return {
    header: RATINGS_HEADER,
    rows: ratings.map((r) => [
      r.member.pseudonym,
      attributes.get(r.member.id)!.stakeholderType,
      attributes.get(r.member.id)!.country,
      attributes.get(r.member.id)!.gender,
      r.item.round.number,
      r.item.key,
      r.item.kind,
      r.value,
      r.value === null,
      r.comment,
      r.suggestion,
    ]),
  };
}

export function figuresHeader(scalePoints: number): string[] {
  return [
    "round",
    "item_key",
    "kind",
    "n_rated",
    "n_no_opinion",
    ...Array.from({ length: scalePoints }, (_, i) => `count_${i + 1}`),
    "agree_pct",
    "neutral_pct",
    "disagree_pct",
    "median",
    "q1",
    "q3",
    "iqr",
    "mean",
    "sd",
    "cv",
    "status",
    "reason",
    "decision",
    "rationale",
    ...STABILITY_COLUMNS,
    ...PANEL_AGREEMENT_COLUMNS,
  ];
}

/** Since the previous round, over the panellists who rated the item in both (empty in the item's first round). */
const STABILITY_COLUMNS = [
  "previous_round",
  "stability_n_pairs",
  "stability_n_changed_category",
  "stability_changed_category_pct",
  "stability_wilcoxon_statistic",
  "stability_wilcoxon_p",
  "stability_wilcoxon_method",
  "stability_iqr_change",
  "stability_agree_pct_change",
];
/** The row's round as a whole, repeated on each of its items: over the panellists who rated every item. */
const PANEL_AGREEMENT_COLUMNS = [
  "panel_n_raters",
  "panel_n_raters_excluded",
  "panel_fleiss_kappa_points",
  "panel_fleiss_kappa_categories",
  "panel_kendall_w",
];

function stabilityCells(s: ItemStability | undefined): Cell[] {
  if (!s) return STABILITY_COLUMNS.map(() => null);
  return [
    s.previousRound,
    s.nPairs,
    s.nChangedCategory,
    s.changedCategoryPct,
    s.wilcoxon.statistic,
    s.wilcoxon.pValue,
    s.wilcoxon.method,
    s.iqrChange,
    s.agreePctChange,
  ];
}

function agreementCells(a: RoundAgreement | undefined): Cell[] {
  if (!a) return PANEL_AGREEMENT_COLUMNS.map(() => null);
  return [a.nRaters, a.nRatersExcluded, a.fleissKappaPoints, a.fleissKappaAgreement, a.kendallW];
}

/** The figures stored when each round closed, unrounded, with the rule's status and the decision. */
export async function figuresTable(db: Db, consultationId: string, scalePoints: number): Promise<Table> {
  const items = await db.roundItem.findMany({
    where: { round: { consultationId, status: { in: CLOSED } }, result: { isNot: null } },
    include: { result: true, round: { select: { number: true } } },
    orderBy: [{ round: { number: "asc" } }, { position: "asc" }],
  });
  const stability = await studyStability(db, consultationId);
  const stabilityOf = new Map(stability.items.map((x) => [`${x.round}|${x.key}`, x]));
  const agreementOf = new Map(stability.rounds.map((a) => [a.round, a]));
  return {
    header: figuresHeader(scalePoints),
    rows: items.map((i) => {
      const r = i.result!;
      const f = parseShownFigures(r.figures, 1).overall;
      return [
        i.round.number,
        i.key,
        i.kind,
        f.nRated,
        f.nNoOpinion,
        ...f.counts,
        f.agreePct,
        f.neutralPct,
        f.disagreePct,
        f.median,
        f.q1,
        f.q3,
        f.iqr,
        f.mean,
        f.sd,
        f.cv,
        r.status,
        r.reason,
        r.decision,
        r.rationale,
        ...stabilityCells(stabilityOf.get(`${i.round.number}|${i.key}`)),
        ...agreementCells(agreementOf.get(i.round.number)),
      ];
    }),
  };
}

/** Column names as in docs/audit.md, so its reference verifier runs on this file unchanged. */
export const AUDIT_HEADER = ["seq", "at", "consultationId", "actor", "type", "payload", "prevHash", "hash"];

/** Every event in seq order, the payload as its stored canonical JSON text (what the hash covers). */
export async function auditTable(db: Db, consultationId: string): Promise<Table> {
  const rows: Cell[][] = [];
  // No lower bound on the first page: a stray seq ≤ 0 must show up in the export too.
  for (let afterSeq: number | null = null; ;) {
    const page: {
      seq: number;
      at: Date;
      consultationId: string;
      actor: string;
      type: string;
      payload: string;
      prevHash: string;
      hash: string;
    }[] = await db.auditEvent.findMany({
      where: { consultationId, ...(afterSeq === null ? {} : { seq: { gt: afterSeq } }) },
      orderBy: { seq: "asc" },
      take: PAGE,
    });
    for (const e of page)
      rows.push([e.seq, e.at.toISOString(), e.consultationId, e.actor, e.type, e.payload, e.prevHash, e.hash]);
    if (page.length < PAGE) break;
    afterSeq = page.at(-1)!.seq;
  }
  return { header: AUDIT_HEADER, rows };
}

/**
 * The moderators' restructurings in order, by the keys the items had in the base version or, if added later,
 * when the step was taken (`from`), and the keys they have in the study's model now (`to`).
 */
export async function restructuringSteps(db: Db, consultationId: string) {
  if (!(await db.restructuring.count({ where: { consultationId } }))) return [];
  const study = await studyStructure(db, consultationId);
  const finalKeys = keysById(study.structure);
  // An item of the base version is named by its key there (its id in the study), not by an intermediate key.
  const baseIds = new Set(structureItems(study.base).map((i) => i.id));
  return study.steps.map((st) => ({
    seq: st.seq,
    afterRound: st.afterRound,
    change: st.change,
    kind: st.kind,
    from: st.from.map((f) => (baseIds.has(f.id) ? f.id : f.key)),
    to: st.to.map((t) => finalKeys.get(t.id) ?? t.key),
    rationale: st.rationale,
    ...(st.proposal !== undefined ? { proposal: `P-${st.proposal}` } : {}),
  }));
}

const RESTRUCTURINGS_HEADER = ["seq", "after_round", "change", "kind", "from", "to", "proposal", "rationale"];

/** The restructurings as a table, one row per step; several keys are separated by spaces. */
async function restructuringsTable(db: Db, consultationId: string): Promise<Table> {
  const steps = await restructuringSteps(db, consultationId);
  return {
    header: RESTRUCTURINGS_HEADER,
    rows: steps.map((st) => [
      st.seq,
      st.afterRound,
      st.change,
      st.kind,
      st.from.join(" "),
      st.to.join(" "),
      st.proposal ?? "",
      st.rationale,
    ]),
  };
}

/** The whole study as one JSON document (format "delphi-mlm/study", version 1). */
export async function studyDocument(db: Db, consultationId: string) {
  const c = await db.consultation.findUniqueOrThrow({
    where: { id: consultationId },
    include: { modelVersion: { include: { model: true } } },
  });
  const rounds = await db.round.findMany({
    where: { consultationId },
    orderBy: { number: "asc" },
    include: {
      items: {
        orderBy: { position: "asc" },
        include: { result: true, snapshot: { select: { text: true, createdAt: true } } },
      },
    },
  });
  const roundOfItem = new Map(rounds.flatMap((r) => r.items.map((i) => [i.id, r.number] as const)));
  const panel = await db.member.findMany({
    where: { consultationId, role: "panellist" },
    select: {
      id: true,
      pseudonym: true,
      joinedAt: true,
      completions: { select: { round: { select: { number: true } } } },
    },
  });
  const attributes = await exportedAttributes(
    db,
    consultationId,
    panel.map((m) => m.id),
  );
  const versions = await db.modelVersion.findMany({
    where: { fromConsultationId: consultationId },
    orderBy: { number: "asc" },
    select: { number: true, createdAt: true, changelog: true },
  });
  const head = await auditChainHead(db, consultationId);
  const stability = await studyStability(db, consultationId);
  const restructurings = await restructuringSteps(db, consultationId);
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    format: "delphi-mlm/study",
    formatVersion: 1,
    exportedAt: new Date().toISOString(),
    consultation: {
      id: c.id,
      title: c.title,
      description: c.description,
      createdAt: iso(c.createdAt),
      scalePoints: c.scalePoints,
      scale: defaultScale(c.scalePoints as ScalePoints),
      anonymity: c.anonymity,
      minGroupSize: c.minGroupSize,
      consensusRule: JSON.parse(c.consensusRule) as ConsensusRule,
      ruleLockedAt: iso(c.ruleLockedAt),
    },
    model: {
      slug: c.modelVersion.model.slug,
      name: c.modelVersion.model.name,
      baseVersion: c.modelVersion.number,
      publishedVersions: versions.map((v) => ({
        number: v.number,
        publishedAt: iso(v.createdAt),
        changelog: v.changelog ? (JSON.parse(v.changelog) as unknown) : null,
      })),
    },
    panel: panel
      .sort((a, b) => byPseudonym(a.pseudonym, b.pseudonym))
      .map((m) => ({
        pseudonym: m.pseudonym,
        ...attributes.get(m.id)!,
        joined: m.joinedAt !== null,
        completedRounds: m.completions.map((x) => x.round.number).sort((a, b) => a - b),
      })),
    rounds: rounds.map((r) => ({
      number: r.number,
      status: r.status,
      deadline: iso(r.deadline),
      openedAt: iso(r.openedAt),
      closedAt: iso(r.closedAt),
      publishedAt: iso(r.publishedAt),
      /** Fleiss' kappa and Kendall's W over the panellists who rated every item; null until the round is closed. */
      panelAgreement: stability.rounds.find((a) => a.round === r.number) ?? null,
      items: r.items.map((i) => ({
        key: i.key,
        kind: i.kind,
        position: i.position,
        wording: parseItemText(i.kind, i.wording),
        carriedFromRound: i.previousId ? (roundOfItem.get(i.previousId) ?? null) : null,
        figures: i.result ? parseShownFigures(i.result.figures, c.minGroupSize) : null,
        status: i.result?.status ?? null,
        reason: i.result?.reason ?? null,
        /** Since the previous round, over the panellists who rated the item in both; null in its first round. */
        stability: stability.items.find((x) => x.round === r.number && x.key === i.key) ?? null,
        decision: i.result?.decision ?? null,
        rationale: i.result?.rationale ?? null,
        newWording: i.result?.newWording ? parseItemText(i.kind, i.result.newWording) : null,
        decidedAt: iso(i.result?.decidedAt ?? null),
        rationaleSnapshot: i.snapshot ? { text: i.snapshot.text, takenAt: iso(i.snapshot.createdAt) } : null,
      })),
    })),
    /** What was merged, split, moved, added (from proposal P-n) or renamed after which round, and why. */
    restructurings,
    auditHead: head ? { seq: head.seq, hash: head.hash, at: iso(head.at) } : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Audit trail, as moderators and observers see it

/** A page of the audit log (seq order), with the chain's current head. */
export async function auditLog(
  db: Db,
  user: SessionUser,
  consultationId: string,
  options: { afterSeq?: number; limit?: number } = {},
) {
  await requireRole(db, consultationId, user, READERS);
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 100) || 100, 1), 1000);
  const afterSeq = Math.max(Math.trunc(options.afterSeq ?? 0) || 0, 0);
  const events = await db.auditEvent.findMany({
    where: { consultationId, seq: { gt: afterSeq } },
    orderBy: { seq: "asc" },
    take: limit + 1,
  });
  const head = await auditChainHead(db, consultationId);
  const page = events.slice(0, limit);
  return {
    events: page.map((e) => ({
      seq: e.seq,
      at: e.at.toISOString(),
      actor: e.actor,
      type: e.type,
      payload: e.payload,
      prevHash: e.prevHash,
      hash: e.hash,
    })),
    /** Pass as afterSeq for the next page; null on the last page. */
    nextAfterSeq: events.length > limit ? page.at(-1)!.seq : null,
    head: head ? { seq: head.seq, hash: head.hash, at: head.at.toISOString() } : null,
  };
}

/** "1200:9ab1…" → a head notarised earlier. */
export function parseNotarisedHead(text: string): ChainTip {
  const m = /^\s*(\d+)\s*:\s*([0-9a-f]{64})\s*$/i.exec(text);
  if (!m)
    throw new AppError("validation", "Invalid notarised head: expected <seq>:<64 hex digits>", [
      { path: "notarised", message: "expected <seq>:<sha-256 hex>" },
    ]);
  return { seq: Number(m[1]), hash: m[2]!.toLowerCase() };
}

/** Recomputes the whole chain (and checks a notarised head, if given), as `npm run audit:verify` does. */
export async function verifyAuditTrail(db: Db, user: SessionUser, consultationId: string, notarised?: string | null) {
  await requireRole(db, consultationId, user, READERS);
  const notarisedHead = notarised?.trim() ? parseNotarisedHead(notarised) : undefined;
  const verdict = await verifyConsultationAudit(db, consultationId, { notarisedHead });
  return { consultationId, checkedAt: new Date().toISOString(), notarisedHead: notarisedHead ?? null, ...verdict };
}

/**
 * The chain head to notarise, in the CLI's `--head` format; only from an intact chain (409 otherwise),
 * since notarising a broken chain would certify the damage.
 */
export async function verifiedAuditHead(db: Db, user: SessionUser, consultationId: string) {
  await requireRole(db, consultationId, user, READERS);
  const verdict = await verifyConsultationAudit(db, consultationId);
  if (!verdict.ok)
    throw new AppError(
      "conflict",
      `The audit trail is broken at event seq ${verdict.brokenAt.seq}: ${verdict.brokenAt.reason}`,
    );
  if (verdict.events === 0) return { consultationId, seq: 0, hash: GENESIS_HASH, at: null };
  const last = await db.auditEvent.findUniqueOrThrow({
    where: { consultationId_seq: { consultationId, seq: verdict.events } },
  });
  return { consultationId, seq: last.seq, hash: last.hash, at: last.at.toISOString() };
}

// ---------------------------------------------------------------------------------------------
// Files

const CSV = "text/csv; charset=utf-8";
const JSON_TYPE = "application/json; charset=utf-8";

/** The media type an export is sent as (the OpenAPI document lists the same). */
export const exportContentType = (file: ExportFileName): string =>
  file.endsWith(".csv") ? CSV : file.endsWith(".xlsx") ? XLSX_CONTENT_TYPE : JSON_TYPE;

const SHEETS = {
  ratings: "Ratings",
  figures: "Figures",
  audit: "Audit log",
  restructurings: "Restructurings",
} as const;

export const isExportFile = (file: string): file is ExportFileName =>
  (EXPORT_FILES as readonly string[]).includes(file);

/**
 * Builds one export of a consultation (moderators and observers) and records "export.made" in the
 * audit trail with the file's SHA-256, so a file can later be matched to the moment it was made.
 */
export async function exportStudyFile(
  db: Db,
  user: SessionUser,
  consultationId: string,
  file: string,
): Promise<ExportFile> {
  const m = await requireRole(db, consultationId, user, READERS);
  if (!isExportFile(file))
    throw new AppError("not_found", `No export "${file}": choose one of ${EXPORT_FILES.join(", ")}`);
  const c = await db.consultation.findUniqueOrThrow({ where: { id: consultationId } });
  let body: string | Uint8Array;
  let rows: number | undefined;
  if (file === "study.json") body = JSON.stringify(await studyDocument(db, consultationId), null, 2) + "\n";
  else if (file === "audit-head.json") body = JSON.stringify(await verifiedAuditHead(db, user, consultationId)) + "\n";
  else {
    const [name, format] = file.split(".") as [keyof typeof SHEETS, "csv" | "xlsx"];
    const t =
      name === "ratings"
        ? await ratingsTable(db, consultationId)
        : name === "figures"
          ? await figuresTable(db, consultationId, c.scalePoints)
          : name === "audit"
            ? await auditTable(db, consultationId)
            : await restructuringsTable(db, consultationId);
    rows = t.rows.length;
    body =
      format === "csv" ? writeCsv(t.header, t.rows) : await writeXlsx([{ name: SHEETS[name], ...t } satisfies Sheet]);
  }
  const sha256 = createHash("sha256").update(body).digest("hex");
  // Repeats within a few minutes are one event with a count (audit-tally.server.ts): a flood cannot bury the trail.
  await appendTalliedEvent(db, {
    consultationId,
    actor: auditActor(m),
    type: "export.made",
    subject: file,
    payload: { file, sha256, ...(rows === undefined ? {} : { rows }) },
  });
  return {
    body,
    contentType: exportContentType(file),
    filename: `${slugify(c.title)}-${file}`,
  };
}

/** Records that a rendered document (the PDF report) was downloaded, like the file exports. */
export async function recordReportDownload(
  db: Db,
  user: SessionUser,
  consultationId: string,
  file: string,
  body: Uint8Array,
) {
  const m = await requireRole(db, consultationId, user, READERS);
  await appendTalliedEvent(db, {
    consultationId,
    actor: auditActor(m),
    type: "export.made",
    subject: file,
    payload: { file, sha256: createHash("sha256").update(body).digest("hex") },
  });
}

/** The file as an HTTP download (Content-Disposition: attachment), never cached. */
export function fileResponse(file: ExportFile): Response {
  const ascii = file.filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  // A copy typed as backed by an ArrayBuffer, as the Fetch API's BodyInit wants.
  return new Response(typeof file.body === "string" ? file.body : new Uint8Array(file.body), {
    status: 200,
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
