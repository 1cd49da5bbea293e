// The structure a study has reached: the base version with each closed round's decided outcomes applied and the
// moderators' restructurings (merge, split, move, add, rename) replayed after the round they follow. Next round,
// publishing, lineage and feedback all read it from here, so they agree on what every item became.
import { z } from "zod";
import type { Db } from "../../server/db/client.js";
import { wellFormedText } from "../../shared/delphi/schemas.js";
import { AppError, fromZodError } from "../../shared/errors/app-error.js";
import {
  applyRestructuring,
  structureItems,
  type RestructuringOp,
  type Structure,
  type StructureChange,
  type StructureKind,
  type StructureStep,
} from "../../shared/model/restructure.js";
import type { ConsensusStatus } from "../../shared/stats/consensus.js";
import { auditActor, requireRole, type Membership } from "./access.server.js";
import { appendAuditEvent, type AuditDb } from "./audit.server.js";
import type { StoredFigures } from "./round.server.js";
import type { SessionUser } from "./user.server.js";

type ItemText = string | string[];
type ItemKind = StructureKind | "levels";

// ---------------------------------------------------------------------------------------------
// The API body

const wording = wellFormedText().trim().min(1, { error: "must not be empty" }).max(5000);
const levels = z.array(wellFormedText().trim().min(1, { error: "must not be empty" }).max(2000)).length(5, {
  error: "expected 5 level texts",
});
const key = wellFormedText().trim().min(1, { error: "must not be empty" }).max(100);
const rationale = wellFormedText().trim().min(1, { error: "required: say why the model changes" }).max(5000);
const position = z.int().min(0).max(10_000);
const newIndicator = z.strictObject({ wording, levels });

/** One restructuring, strict: a field the operation does not use is a 400 naming it. */
export const restructuringSchema = z.discriminatedUnion(
  "operation",
  [
    z.strictObject({
      operation: z.literal("merge"),
      keys: z.array(key).min(2, { error: "merge needs at least 2 items" }).max(50),
      wording,
      levels: levels.optional(),
      rationale,
    }),
    z.strictObject({
      operation: z.literal("split"),
      key,
      into: z
        .array(z.strictObject({ wording, levels: levels.optional(), children: z.array(key).max(500).optional() }))
        .min(2, { error: "split needs at least 2 parts" })
        .max(50),
      rationale,
    }),
    z.strictObject({ operation: z.literal("move"), key, to: key, position: position.optional(), rationale }),
    z.strictObject({
      operation: z.literal("add"),
      kind: z.enum(["domain", "subdomain", "indicator"]),
      parent: key.optional(),
      key: key.optional(),
      wording,
      levels: levels.optional(),
      indicators: z.array(newIndicator).min(1).max(200).optional(),
      subdomains: z
        .array(z.strictObject({ wording, indicators: z.array(newIndicator).min(1).max(200) }))
        .min(1)
        .max(100)
        .optional(),
      position: position.optional(),
      rationale,
    }),
    z.strictObject({
      operation: z.literal("rename"),
      key,
      wording: wording.optional(),
      levels: levels.optional(),
      newKey: key.optional(),
      rationale,
    }),
  ],
  { error: "expected operation: merge, split, move, add or rename" },
);
export type RestructuringInput = z.input<typeof restructuringSchema>;

// ---------------------------------------------------------------------------------------------
// Replaying a study

export interface Outcome {
  /** The item's id in the study (see shared/model/restructure.ts), `<id>/levels` for levels. */
  id: string;
  key: string;
  kind: ItemKind;
  round: number;
  status: ConsensusStatus;
  decidedBy: "moderator" | "rule";
  rationale: string | null;
  panelRationales: { round: number; text: string }[];
  rated: ItemText;
  newWording: ItemText | null;
  figures: StoredFigures;
}

export interface RecordedStep extends StructureStep {
  seq: number;
  afterRound: number;
  rationale: string;
  /** The panel proposal it accepted (P-<number>), if any. */
  proposal?: number;
}

export interface StudyStructure {
  base: Structure;
  /** After every closed round's outcomes and every restructuring. */
  structure: Structure;
  /** Per round: its items' keys → their ids, in the structure the round was prepared on. */
  roundKeys: Map<number, Map<string, string>>;
  /** Per round: the keys and kinds of the items it rated, in order. */
  ratedItems: Map<number, { key: string; kind: string }[]>;
  /** Per round: the structure it was prepared on. */
  roundStructures: Map<number, Structure>;
  /** The latest outcome of every rated item, by id. */
  outcomes: Map<string, Outcome>;
  steps: RecordedStep[];
  /** Ids of the items dropped by a decision, with the round. */
  dropped: Map<string, number>;
}

const idsOf = (s: Structure) => new Map(structureItems(s).map((i) => [i.key, i.id]));

/** The base version as a structure whose ids are its keys. */
async function baseStructure(db: AuditDb, versionId: string): Promise<Structure> {
  const domains = await db.domain.findMany({
    where: { versionId },
    orderBy: { position: "asc" },
    include: {
      subdomains: {
        orderBy: { position: "asc" },
        include: { indicators: { orderBy: { position: "asc" }, include: { levels: { orderBy: { rank: "asc" } } } } },
      },
    },
  });
  return domains.map((d) => ({
    id: d.key,
    key: d.key,
    title: d.title,
    subdomains: d.subdomains.map((s) => ({
      id: s.key,
      key: s.key,
      title: s.title,
      indicators: s.indicators.map((i) => ({
        id: i.key,
        key: i.key,
        statement: i.statement,
        levels: i.levels.map((l) => l.text),
        terms: i.terms ? (JSON.parse(i.terms) as string[]) : [],
      })),
    })),
  }));
}

const parseText = (kind: string, stored: string): ItemText =>
  kind === "levels" ? (JSON.parse(stored) as string[]) : stored;

/** Applies one round's outcomes (decided wording, drops) to the structure, in place; empties pruned. */
function applyOutcomes(
  structure: Structure,
  outcomes: Outcome[],
  settled: Map<string, ItemText>,
  dropped: Map<string, number>,
): Structure {
  const byId = new Map(outcomes.map((o) => [o.id, o]));
  const textFor = (id: string, current: ItemText): ItemText | null => {
    const o = byId.get(id);
    if (!o) return current;
    const base = settled.get(id) ?? current;
    switch (o.status) {
      case "validated":
        // "Validated with minor rewording" publishes the editorial wording, else the wording the panel rated.
        return o.newWording ?? o.rated;
      case "reformulate":
        return o.newWording ?? base;
      case "reevaluate":
      case "insufficient":
        // Nothing settled: the text goes back to what it was before it was put to the panel.
        return base;
      case "dropped":
        // The five levels cannot be dropped on their own (decisions refuse it); keep them if a rule did.
        if (o.kind === "levels") return base;
        dropped.set(id, o.round);
        return null;
    }
  };
  const out: Structure = [];
  for (const d of structure) {
    const title = textFor(d.id, d.title) as string | null;
    const subdomains = [];
    for (const s of d.subdomains) {
      const subTitle = textFor(s.id, s.title) as string | null;
      const indicators = [];
      for (const i of s.indicators) {
        const statement = textFor(i.id, i.statement) as string | null;
        if (statement === null) continue;
        const lv = (textFor(`${i.id}/levels`, i.levels) as string[] | null) ?? i.levels;
        indicators.push({ ...i, statement, levels: lv });
      }
      // The model format needs at least one indicator per subdomain and one subdomain per domain.
      if (subTitle !== null && indicators.length) subdomains.push({ ...s, title: subTitle, indicators });
    }
    if (title !== null && subdomains.length) out.push({ ...d, title, subdomains });
  }
  return out;
}

/** Records what each item's text is now, as the text a later "re-evaluate" falls back to. */
function settle(structure: Structure, settled: Map<string, ItemText>, only?: Set<string>) {
  for (const item of structureItems(structure))
    if (!only || only.has(item.id.replace(/\/levels$/, ""))) settled.set(item.id, item.text);
}

/**
 * Replays a consultation: base version → round 1's outcomes → restructurings after round 1 → round 2's
 * outcomes → … Rounds not closed yet contribute nothing. Throws (409) if a recorded restructuring no longer
 * applies; recordDecision uses that to refuse a decision that would break one.
 */
export async function studyStructure(db: AuditDb, consultationId: string): Promise<StudyStructure> {
  const consultation = await db.consultation.findUniqueOrThrow({
    where: { id: consultationId },
    select: { modelVersionId: true },
  });
  const [base, rounds, recorded] = await Promise.all([
    baseStructure(db, consultation.modelVersionId),
    db.round.findMany({
      where: { consultationId },
      orderBy: { number: "asc" },
      include: {
        items: {
          orderBy: { position: "asc" },
          include: { result: true, snapshot: { select: { text: true } } },
        },
      },
    }),
    db.restructuring.findMany({ where: { consultationId }, orderBy: { seq: "asc" } }),
  ]);
  const fromProposals = recorded.flatMap((r) => (r.proposalId ? [r.proposalId] : []));
  const proposalNumbers = new Map(
    fromProposals.length
      ? (await db.proposal.findMany({ where: { id: { in: fromProposals } }, select: { id: true, number: true } })).map(
          (p) => [p.id, p.number],
        )
      : [],
  );
  let structure = base;
  const settled = new Map<string, ItemText>();
  settle(base, settled);
  const roundKeys = new Map<number, Map<string, string>>();
  const roundStructures = new Map<number, Structure>();
  const ratedItems = new Map<number, { key: string; kind: string }[]>();
  const outcomes = new Map<string, Outcome>();
  const rationales = new Map<string, { round: number; text: string }[]>();
  const dropped = new Map<string, number>();
  const steps: RecordedStep[] = [];
  for (const round of rounds) {
    const keys = idsOf(structure);
    roundKeys.set(round.number, keys);
    roundStructures.set(round.number, structure);
    ratedItems.set(
      round.number,
      round.items.map((i) => ({ key: i.key, kind: i.kind })),
    );
    if (round.status !== "closed" && round.status !== "published") continue;
    const these: Outcome[] = [];
    for (const item of round.items) {
      const id = keys.get(item.key);
      if (!id) continue;
      if (item.snapshot?.text.trim())
        rationales.set(id, [...(rationales.get(id) ?? []), { round: round.number, text: item.snapshot.text }]);
      if (!item.result) continue;
      const o: Outcome = {
        id,
        key: item.key,
        kind: item.kind as ItemKind,
        round: round.number,
        status: (item.result.decision ?? item.result.status) as ConsensusStatus,
        decidedBy: item.result.decision ? "moderator" : "rule",
        rationale: item.result.rationale,
        panelRationales: rationales.get(id) ?? [],
        rated: parseText(item.kind, item.wording),
        newWording: item.result.newWording === null ? null : parseText(item.kind, item.result.newWording),
        figures: JSON.parse(item.result.figures) as StoredFigures,
      };
      these.push(o);
      outcomes.set(id, o);
    }
    structure = applyOutcomes(structure, these, settled, dropped);
    for (const r of recorded.filter((x) => x.afterRound === round.number)) {
      let n = 0;
      const op = JSON.parse(r.payload) as RestructuringOp;
      try {
        const applied = applyRestructuring(structure, op, () => `+${r.seq}.${++n}`);
        structure = applied.structure;
        const proposal = r.proposalId ? proposalNumbers.get(r.proposalId) : undefined;
        steps.push({
          ...applied.step,
          seq: r.seq,
          afterRound: r.afterRound,
          rationale: r.rationale,
          ...(proposal !== undefined ? { proposal } : {}),
        });
        // The moderator's wording is what a later "re-evaluate" falls back to.
        settle(structure, settled, new Set(applied.step.to.map((t) => t.id)));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        throw new AppError(
          "conflict",
          `Restructuring ${r.seq} (${r.operation} after round ${r.afterRound}) no longer applies: ${error.message}`,
        );
      }
    }
  }
  return { base, structure, roundKeys, roundStructures, ratedItems, outcomes, steps, dropped };
}

// ---------------------------------------------------------------------------------------------
// What became of an item

export interface Successor {
  /** How the item got there: "carried" keeps it, with at most a new key. */
  change: StructureChange | "carried";
  keys: string[];
}

/** The ids an item ended as: itself if present, else what it was merged or split into; [] when dropped. */
export function successorIds(s: Pick<StudyStructure, "structure" | "steps">, id: string): string[] {
  const present = new Set(structureItems(s.structure).map((i) => i.id));
  const levels = id.endsWith("/levels");
  const node = levels ? id.slice(0, -"/levels".length) : id;
  const walk = (x: string, seen: Set<string>): string[] => {
    if (present.has(x)) return [x];
    if (seen.has(x)) return [];
    seen.add(x);
    const step = s.steps.find(
      (st) => (st.change === "merged" || st.change === "split") && st.from.some((f) => f.id === x),
    );
    return step ? step.to.flatMap((t) => walk(t.id, seen)) : [];
  };
  return walk(node, new Set()).map((x) => (levels ? `${x}/levels` : x));
}

/** The steps that touched an item (by id), in order. */
export const stepsOf = (steps: RecordedStep[], id: string) => {
  const node = id.replace(/\/levels$/, "");
  return steps.filter((st) => st.from.some((f) => f.id === node) || st.to.some((t) => t.id === node));
};

/** Keys of a structure by id. */
export const keysById = (structure: Structure) => new Map(structureItems(structure).map((i) => [i.id, i.key]));

/** Words for one step, as the panel and the changelog read it: "merged into II.3", "moved to VI.2". */
export function describeStep(step: RecordedStep, id: string, finalKey: (id: string) => string | undefined): string {
  const node = id.replace(/\/levels$/, "");
  const to = step.to.map((t) => finalKey(t.id) ?? t.key).join(", ");
  const from = step.from.map((f) => f.key).join(", ");
  switch (step.change) {
    case "merged":
      return step.to.some((t) => t.id === node) ? `merged from ${from}` : `merged into ${to}`;
    case "split":
      return step.from.some((f) => f.id === node) ? `split into ${to}` : `split from ${from}`;
    case "moved": {
      const key = to.split(", ")[0]!;
      return `moved to ${key.slice(0, key.lastIndexOf("."))} (now ${key})`;
    }
    case "added":
      return step.proposal !== undefined ? `added from proposal P-${step.proposal} as ${to}` : `added as ${to}`;
    case "renamed":
      return `renamed (${to})`;
  }
}

// ---------------------------------------------------------------------------------------------
// Recording

export interface RestructuringView {
  id: string;
  seq: number;
  afterRound: number;
  operation: string;
  payload: RestructuringOp;
  rationale: string;
  createdAt: string;
  /** What it did, keys as they were then. */
  step: StructureStep | null;
}

/** The round restructurings follow: the last round, closed and not yet published. */
export async function restructurableRound(db: AuditDb, consultationId: string) {
  const last = await db.round.findFirst({ where: { consultationId }, orderBy: { number: "desc" } });
  if (!last || last.status !== "closed")
    throw new AppError(
      "conflict",
      last?.status === "published"
        ? `Round ${last.number} is published: the model is final`
        : `Round ${last?.number ?? 1} is ${last?.status ?? "missing"}: the model is restructured once a round is closed, before the next round or publishing`,
    );
  return last;
}

/**
 * Records one restructuring after the last (closed) round, if it applies to the structure that round left:
 * an operation the structure cannot represent is a 400 and nothing is written. One audit event per operation.
 */
export async function recordRestructuring(
  db: Db,
  actor: SessionUser,
  consultationId: string,
  input: RestructuringInput,
): Promise<RestructuringView & { structure: Structure }> {
  const moderator = await requireRole(db, consultationId, actor, ["moderator"]);
  const parsed = restructuringSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, "restructuring");
  const { rationale: why, ...op } = parsed.data;
  const result = await db.$transaction((tx) =>
    recordRestructuringIn(tx, moderator, consultationId, op as RestructuringOp, why),
  );
  return { ...view(result.row, result.step), structure: result.structure };
}

/**
 * The same inside the caller's transaction, for an operation already validated; `proposal` when it accepts a
 * panel proposal (its lineage then says "added from proposal P-n").
 */
export async function recordRestructuringIn(
  tx: AuditDb,
  moderator: Membership,
  consultationId: string,
  op: RestructuringOp,
  why: string,
  proposal?: { id: string; number: number },
) {
  const round = await restructurableRound(tx, consultationId);
  const before = await studyStructure(tx, consultationId);
  const last = await tx.restructuring.findFirst({ where: { consultationId }, orderBy: { seq: "desc" } });
  const seq = (last?.seq ?? 0) + 1;
  let n = 0;
  const applied = applyRestructuring(before.structure, op, () => `+${seq}.${++n}`);
  const row = await tx.restructuring.create({
    data: {
      consultationId,
      afterRound: round.number,
      seq,
      operation: op.operation,
      payload: JSON.stringify(op),
      rationale: why,
      proposalId: proposal?.id ?? null,
      createdById: moderator.userId,
    },
  });
  await appendAuditEvent(tx, {
    consultationId,
    actor: auditActor(moderator),
    type: "model.restructured",
    payload: {
      afterRound: round.number,
      seq,
      operation: op.operation,
      from: applied.step.from.map((f) => f.key),
      to: applied.step.to.map((t) => t.key),
      rationale: why,
      ...(proposal ? { proposal: `P-${proposal.number}` } : {}),
    },
  });
  return { row, step: applied.step, structure: applied.structure };
}

function view(
  row: {
    id: string;
    seq: number;
    afterRound: number;
    operation: string;
    payload: string;
    rationale: string;
    createdAt: Date;
  },
  step: StructureStep | null,
): RestructuringView {
  return {
    id: row.id,
    seq: row.seq,
    afterRound: row.afterRound,
    operation: row.operation,
    payload: JSON.parse(row.payload) as RestructuringOp,
    rationale: row.rationale,
    createdAt: row.createdAt.toISOString(),
    step,
  };
}

/** Removes the latest restructuring (an undo), while its round is still closed; audited. */
export async function undoRestructuring(db: Db, actor: SessionUser, consultationId: string, seq: number) {
  const moderator = await requireRole(db, consultationId, actor, ["moderator"]);
  await db.$transaction(async (tx) => {
    const round = await restructurableRound(tx, consultationId);
    const last = await tx.restructuring.findFirst({ where: { consultationId }, orderBy: { seq: "desc" } });
    if (!last || last.seq !== seq || last.afterRound !== round.number)
      throw new AppError("conflict", `Only the latest restructuring after round ${round.number} can be undone`);
    await tx.restructuring.delete({ where: { id: last.id } });
    // Undoing the addition of a proposed indicator puts the proposal back to be triaged.
    const proposal = last.proposalId
      ? await tx.proposal.update({
          where: { id: last.proposalId },
          data: { outcome: null, triageRationale: null, mergedWith: null, triagedAt: null },
        })
      : null;
    await appendAuditEvent(tx, {
      consultationId,
      actor: auditActor(moderator),
      type: "model.restructuring.undone",
      payload: {
        afterRound: last.afterRound,
        seq: last.seq,
        operation: last.operation,
        ...(proposal ? { proposal: `P-${proposal.number}`, triage: "undone" } : {}),
      },
    });
  });
  return { undone: seq };
}

/** The restructurings of a consultation and the structure they lead to (moderators and observers). */
export async function restructuringView(db: Db, actor: SessionUser, consultationId: string) {
  await requireRole(db, consultationId, actor, ["moderator", "observer"]);
  const s = await studyStructure(db, consultationId);
  const rows = await db.restructuring.findMany({ where: { consultationId }, orderBy: { seq: "asc" } });
  const last = await db.round.findFirst({ where: { consultationId }, orderBy: { number: "desc" } });
  return {
    consultationId,
    canRestructure: last?.status === "closed",
    afterRound: last?.number ?? null,
    restructurings: rows.map((r) => view(r, s.steps.find((st) => st.seq === r.seq) ?? null)),
    structure: s.structure,
  };
}

// ---------------------------------------------------------------------------------------------
// The next round on the restructured model

/** What an item of the restructured model is, seen from the last round: carried (maybe moved), or new. */
export interface NextRoundNode {
  key: string;
  kind: ItemKind;
  /** Its text in the restructured model. */
  text: ItemText;
  /** The last round's item it continues (for a merge, the first merged; for a split, the split one). */
  previousKey: string | null;
  /** Made by a restructuring (merge, split, add): a new item for the panel. */
  made: boolean;
  /** Restructured after the last round: its text is the moderator's, not the rated one. */
  restructured: boolean;
  /** In words: "merged from I.1, I.2", "moved to II.2"; empty when untouched. */
  changes: string[];
}

/**
 * The restructured model's items as the next round can offer them, when the last round was restructured;
 * null when it was not (the next round is then prepared from the last round's items alone).
 */
export async function restructuredNextRound(
  db: AuditDb,
  consultationId: string,
  lastRound: number,
): Promise<NextRoundNode[] | null> {
  const count = await db.restructuring.count({ where: { consultationId, afterRound: lastRound } });
  if (count === 0) return null;
  const s = await studyStructure(db, consultationId);
  const lastKeys = s.roundKeys.get(lastRound)!;
  const keyOfLast = new Map([...lastKeys.entries()].map(([k, id]) => [id, k]));
  const steps = s.steps.filter((st) => st.afterRound === lastRound);
  const finalKey = (id: string) => keysById(s.structure).get(id);
  return structureItems(s.structure).map((item) => {
    const touched = stepsOf(steps, item.id);
    const node = item.id.replace(/\/levels$/, "");
    const suffix = item.id.endsWith("/levels") ? "/levels" : "";
    let previousKey = keyOfLast.get(item.id) ?? null;
    const made = previousKey === null;
    if (made) {
      // Made by a restructuring: it continues what it was made from.
      const made = steps.find((st) => st.to.some((t) => t.id === node) && st.change !== "moved");
      const source = made?.from[0];
      previousKey = source ? (keyOfLast.get(source.id + suffix) ?? null) : null;
    }
    return {
      key: item.key,
      kind: item.kind,
      text: item.text,
      previousKey,
      made,
      restructured: made || touched.some((st) => st.change !== "moved"),
      changes: touched.length
        ? touched.map((st) => describeStep(st, item.id, finalKey))
        : previousKey !== null && previousKey !== item.key
          ? [`renumbered from ${previousKey}`]
          : [],
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Old keys

/**
 * An item of a model version by key. A key of an earlier version (`fromVersion`; by default any earlier one,
 * when this version lacks the key) resolves through the structure changes of the versions published in
 * between to the key(s) it became — merged, split, moved, renumbered — so links to an old key keep working.
 */
export async function resolveModelKey(db: Db, slug: string, key: string, versionNumber?: number, fromVersion?: number) {
  const versions = await db.modelVersion.findMany({
    where: { model: { slug } },
    orderBy: { number: "asc" },
    select: { id: true, number: true, structureChanges: true },
  });
  const target = versionNumber ? versions.find((v) => v.number === versionNumber) : versions[versions.length - 1];
  if (!target)
    throw new AppError(
      "not_found",
      versionNumber ? `Model ${slug} has no version ${versionNumber}` : `No model named ${slug}`,
    );
  if (fromVersion !== undefined && !versions.some((v) => v.number === fromVersion && v.number <= target.number))
    throw new AppError("validation", `Invalid key lookup: from: expected a version up to ${target.number}`, [
      { path: "from", message: `expected a version up to ${target.number}` },
    ]);
  const items = new Map(structureItems(await baseStructure(db, target.id)).map((i) => [i.key, i]));
  const shown = (k: string) => {
    const i = items.get(k)!;
    return { key: i.key, kind: i.kind, text: i.text };
  };
  if ((fromVersion === undefined || fromVersion === target.number) && items.has(key))
    return { version: target.number, key, found: true, item: shown(key), successors: [], via: [] };
  // Follow the key through every later version that restructured the model.
  let keys = [key];
  const via: { version: number; from: string; to: string[] }[] = [];
  for (const v of versions) {
    if (v.number > target.number || (fromVersion !== undefined && v.number <= fromVersion) || !v.structureChanges)
      continue;
    const { successors } = JSON.parse(v.structureChanges) as { successors: Record<string, string[]> };
    keys = keys.flatMap((k) => {
      const next = successors[k];
      if (!next) return [k];
      via.push({ version: v.number, from: k, to: next });
      return next;
    });
  }
  const successors = [...new Set(keys)].filter((k) => items.has(k)).map(shown);
  if (!via.length && !successors.length)
    throw new AppError("not_found", `Version ${target.number} of ${slug} has no item ${key}, and no item became it`);
  const same = !via.length && successors.length === 1;
  return {
    version: target.number,
    key,
    found: same,
    item: same ? successors[0]! : null,
    successors: same ? [] : successors,
    via,
  };
}

// ---------------------------------------------------------------------------------------------
// Telling the panel

export interface RoundChange {
  /** The item's key in the previous round. */
  key: string;
  kind: string;
  /** What happened to it before this round: "merged into I.1", "moved to II.3 (now II.3.1)", "now I.2". */
  changes: string[];
}

/**
 * For a round after a restructuring: what the restructurings did to the items the panel rated in the round
 * before, and the domain and subdomain titles of the structure the round was prepared on. Null otherwise.
 */
export async function restructuredRound(
  db: AuditDb,
  consultationId: string,
  number: number,
): Promise<{
  changes: RoundChange[];
  titles: Record<string, string>;
  /** The keys, in this round, of the items added from panel proposals (by proposal number). */
  proposalKeys: Record<number, string>;
} | null> {
  if (number < 2 || !(await db.restructuring.count({ where: { consultationId, afterRound: { lt: number } } })))
    return null;
  const s = await studyStructure(db, consultationId);
  const titles = Object.fromEntries(
    structureItems(s.roundStructures.get(number) ?? s.structure)
      .filter((i) => i.kind === "domain" || i.kind === "subdomain")
      .map((i) => [i.key, i.text as string]),
  );
  const keys = keysById(s.roundStructures.get(number) ?? s.structure);
  const proposalKeys = Object.fromEntries(
    s.steps.flatMap((st) =>
      st.proposal !== undefined && st.afterRound === number - 1 && keys.has(st.to[0]!.id)
        ? [[st.proposal, keys.get(st.to[0]!.id)!]]
        : [],
    ),
  );
  return { changes: changesBefore(s, number), titles, proposalKeys };
}

function changesBefore(s: StudyStructure, number: number): RoundChange[] {
  const before = s.roundKeys.get(number - 1);
  const now = s.roundKeys.get(number);
  if (!before || !now) return [];
  const keyNow = new Map([...now.entries()].map(([k, id]) => [id, k]));
  const steps = s.steps.filter((st) => st.afterRound === number - 1);
  const out: RoundChange[] = [];
  for (const item of s.ratedItems.get(number - 1) ?? []) {
    const id = before.get(item.key);
    if (!id) continue;
    const touched = stepsOf(steps, id).filter((st) => st.from.some((f) => f.id === id.replace(/\/levels$/, "")));
    const changes = touched.map((st) => describeStep(st, id, (x) => keyNow.get(x)));
    const renumbered = keyNow.get(id);
    if (!changes.length && renumbered && renumbered !== item.key) changes.push(`now ${renumbered}`);
    if (changes.length) out.push({ key: item.key, kind: item.kind, changes });
  }
  return out;
}
