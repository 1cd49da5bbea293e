// Publishing a consultation's consensus as the next version of its model (decided wording applied,
// dropped items removed, keys kept, a changelog of every decision), and comparing two versions.
import type { Db } from "../../server/db/client.js";
import { AppError } from "../../shared/errors/app-error.js";
import { CONSENSUS_STATUSES, type ConsensusStatus } from "../../shared/stats/consensus.js";
import { wordDiff, type DiffPart } from "../../shared/text/diff.js";
import { auditActor, requireRole } from "./access.server.js";
import { appendAuditEvent, sha256Hex } from "./audit.server.js";
import { LEVELS_SUFFIX } from "./consultation.server.js";
import { describeStep, stepsOf, studyStructure, successorIds, type StudyStructure } from "./structure.server.js";
import { structureItems, type StructureChange } from "../../shared/model/restructure.js";
import { noLiveEvents, type LiveEvents } from "./events.js";
import { getModelVersion, type ModelVersionView } from "./model.server.js";
import type { StoredFigures } from "./round.server.js";
import type { SessionUser } from "./user.server.js";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
type ItemText = string | string[];
type ItemKind = "domain" | "subdomain" | "indicator" | "levels";

export interface ChangelogEntry {
  key: string;
  kind: ItemKind;
  /** The final status: the moderator's decision, or the computed one for an earlier round left undecided. */
  decision: ConsensusStatus;
  /** "moderator" when recorded by a moderator, "rule" when an earlier round's computed status stood. */
  decidedBy: "moderator" | "rule";
  /** The round whose ratings and decision settled the item (its last round in the study). */
  round: number;
  rationale: string | null;
  /** The panel's shared rationale of the item as each round of the study closed (rounds without one left out). */
  panelRationales?: { round: number; text: string }[];
  /** Present (true) for "validated with minor rewording": the new text is an editorial change, not re-rated. */
  editorial?: true;
  /** The keys the item has in the new version when it is not there as itself (re-keyed, merged, split). */
  newKeys?: string[];
  /** What restructuring did to it, in words ("merged into I.1", "moved to II.2"). */
  structure?: string[];
  /** The text in the base version and in the new one (null: removed); levels are arrays of 5 texts. */
  oldText: ItemText;
  newText: ItemText | null;
  changed: boolean;
  figures: { agreePct: number | null; median: number | null; iqr: number | null; n: number; nNoOpinion: number };
}

const sameText = (a: ItemText | null, b: ItemText | null) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Publishes the consensus of a consultation whose last round is closed and fully decided: a new
 * version of its model (number = latest + 1) built from the consultation's base version with the
 * decided wording applied, its changelog, and the last round marked published — one transaction,
 * so a failure leaves no version and the round closed.
 */
export async function publishConsensus(
  db: Db,
  actor: SessionUser,
  consultationId: string,
  events: LiveEvents = noLiveEvents,
): Promise<{ modelSlug: string; versionNumber: number }> {
  const moderator = await requireRole(db, consultationId, actor, ["moderator"]);
  const consultation = await db.consultation.findUniqueOrThrow({
    where: { id: consultationId },
    include: { modelVersion: { include: { model: true } } },
  });
  const base = await getModelVersion(db, consultation.modelVersion.model.slug, consultation.modelVersion.number);

  const published = await db.$transaction(
    async (tx) => {
      const last = await tx.round.findFirst({ where: { consultationId }, orderBy: { number: "desc" } });
      if (!last) throw new AppError("conflict", "This consultation has no round to publish");
      if (last.status === "published")
        throw new AppError("conflict", `Round ${last.number} is already published: the consensus was published`);
      // Claiming the round first serialises concurrent publishes: the second one finds it published.
      const { count } = await tx.round.updateMany({
        where: { id: last.id, status: "closed" },
        data: { status: "published", publishedAt: new Date() },
      });
      if (count !== 1)
        throw new AppError(
          "conflict",
          `Round ${last.number} is ${last.status}: close it and decide every item before publishing`,
        );
      const lastItems = await tx.roundItem.findMany({
        where: { roundId: last.id },
        select: { result: { select: { decision: true } } },
      });
      const undecided = lastItems.filter((i) => !i.result?.decision).length;
      if (undecided > 0)
        throw new AppError(
          "conflict",
          `${undecided} of ${lastItems.length} items of round ${last.number} are undecided: decide them before publishing`,
        );

      const study = await studyStructure(tx, consultationId);
      const { tree, changelog, structureChanges } = publishedStructure(base, study);
      if (tree.length === 0) throw new AppError("conflict", "The consensus drops every domain: nothing to publish");
      const latest = await tx.modelVersion.findFirst({
        where: { modelId: consultation.modelVersion.modelId },
        orderBy: { number: "desc" },
        select: { number: true },
      });
      const changelogText = JSON.stringify(changelog);
      const version = await tx.modelVersion.create({
        data: {
          modelId: consultation.modelVersion.modelId,
          number: (latest?.number ?? 0) + 1,
          source: base.source,
          levelScale: JSON.stringify(base.levelScale),
          changelog: changelogText,
          structureChanges: structureChanges && JSON.stringify(structureChanges),
          fromConsultationId: consultationId,
        },
      });
      await writeTree(tx, version.id, tree);
      if (base.glossary.length)
        await tx.glossaryTerm.createMany({
          data: base.glossary.map((g, position) => ({ versionId: version.id, position, ...g })),
        });
      const decisions = Object.fromEntries(
        CONSENSUS_STATUSES.map((st) => [st, changelog.filter((e) => e.decision === st).length]),
      );
      await appendAuditEvent(tx, {
        consultationId,
        actor: auditActor(moderator),
        type: "consensus.published",
        payload: {
          round: last.number,
          model: base.slug,
          baseVersion: base.number,
          version: version.number,
          decisions,
          changed: changelog.filter((e) => e.changed).length,
          restructurings: study.steps.length,
          changelogSha256: sha256Hex(changelogText),
        },
      });
      return { roundId: last.id, roundNumber: last.number, versionNumber: version.number };
    },
    // Copying a large model through an interactive transaction can outlast Prisma's 5 s default.
    { timeout: 60_000, maxWait: 10_000 },
  );
  events.emit(consultationId, {
    type: "round:status",
    roundId: published.roundId,
    number: published.roundNumber,
    status: "published",
  });
  // The round's shared documents become read-only (server/realtime/yjs.ts), as for any status change.
  await events.roundStatusChanged?.(published.roundId);
  return { modelSlug: base.slug, versionNumber: published.versionNumber };
}

type Tree = ModelVersionView["domains"];

function figuresSummary(f: StoredFigures): ChangelogEntry["figures"] {
  const o = f.overall;
  return { agreePct: o.agreePct, median: o.median, iqr: o.iqr, n: o.nRated, nNoOpinion: o.nNoOpinion };
}

/** A restructured version's record of how it was reshaped, and where each old key went. */
export interface StructureChanges {
  steps: {
    change: StructureChange;
    kind: string;
    /** Keys of the base version (or, for items a restructuring made, as they were then). */
    from: string[];
    /** Keys in the published version (or as they were then, for an item later merged or split again). */
    to: string[];
    rationale: string;
    afterRound: number;
    /** The panel proposal an addition came from ("P-3"). */
    proposal?: string;
  }[];
  /** Every base key that is not in the new version as itself: the keys it became ([] if dropped). */
  successors: Record<string, string[]>;
}

/** The study's final structure as the new version's tree, its changelog and its structural changes. */
function publishedStructure(base: ModelVersionView, study: StudyStructure) {
  const tree: Tree = study.structure.map((d) => ({
    key: d.key,
    title: d.title,
    subdomains: d.subdomains.map((s) => ({
      key: s.key,
      title: s.title,
      indicators: s.indicators.map((i) => ({ key: i.key, statement: i.statement, terms: i.terms, levels: i.levels })),
    })),
  }));
  const finalItems = new Map(structureItems(study.structure).map((i) => [i.id, i]));
  const finalKey = (id: string) => finalItems.get(id)?.key;
  const changelog: ChangelogEntry[] = [];
  const successors: Record<string, string[]> = {};
  for (const item of structureItems(study.base)) {
    const newKeys = successorIds(study, item.id).map((id) => finalKey(id)!);
    const rekeyed = !(newKeys.length === 1 && newKeys[0] === item.key);
    if (rekeyed) successors[item.key] = newKeys;
    const o = study.outcomes.get(item.id);
    if (!o) continue;
    const touched = stepsOf(study.steps, item.id).map((st) => describeStep(st, item.id, finalKey));
    const newText = finalItems.get(item.id)?.text ?? null;
    changelog.push({
      key: item.key,
      kind: o.kind,
      decision: o.status,
      decidedBy: o.decidedBy,
      round: o.round,
      rationale: o.rationale,
      panelRationales: o.panelRationales,
      ...(o.status === "validated" && o.newWording !== null ? { editorial: true as const } : {}),
      ...(rekeyed && (newKeys.length > 0 || touched.length) ? { newKeys } : {}),
      ...(touched.length ? { structure: touched } : {}),
      oldText: item.text,
      newText,
      changed: !sameText(item.text, newText),
      figures: figuresSummary(o.figures),
    });
  }
  const baseIds = new Set(structureItems(study.base).map((i) => i.id));
  const structureChanges: StructureChanges | null = study.steps.length
    ? {
        steps: study.steps.map((st) => ({
          change: st.change,
          kind: st.kind,
          // A base item's id is its key in the base version: name it so, not by an intermediate key.
          from: st.from.map((f) => (baseIds.has(f.id) ? f.id : f.key)),
          to: st.to.map((t) => finalKey(t.id) ?? t.key),
          rationale: st.rationale,
          afterRound: st.afterRound,
          ...(st.proposal !== undefined ? { proposal: `P-${st.proposal}` } : {}),
        })),
        successors,
      }
    : null;
  return { tree, changelog, structureChanges };
}

async function writeTree(tx: Tx, versionId: string, tree: Tree) {
  const version = { connect: { id: versionId } };
  for (const [di, d] of tree.entries())
    await tx.domain.create({
      data: {
        version,
        key: d.key,
        position: di,
        title: d.title,
        subdomains: {
          create: d.subdomains.map((s, si) => ({
            version,
            key: s.key,
            position: si,
            title: s.title,
            indicators: {
              create: s.indicators.map((i, ii) => ({
                version,
                key: i.key,
                position: ii,
                statement: i.statement,
                terms: i.terms.length ? JSON.stringify(i.terms) : null,
                levels: { create: i.levels.map((levelText, li) => ({ rank: li + 1, text: levelText })) },
              })),
            },
          })),
        },
      },
    });
}

// ---------------------------------------------------------------------------------------------
// Comparing two versions

/** "merged", "split", "moved" and "renumbered" items come from a restructuring between the two versions. */
export type ItemChange = "added" | "removed" | "changed" | "merged" | "split" | "moved" | "renumbered";

export interface ComparedItem {
  key: string;
  kind: ItemKind;
  change: ItemChange;
  /** The key(s) it has in the later version when that is not its own (restructured). */
  newKeys?: string[];
  before: ItemText | null;
  after: ItemText | null;
  /** Word diff of the text; for levels one diff per level. */
  diff: DiffPart[] | DiffPart[][];
}

function flatten(v: ModelVersionView): Map<string, { kind: ItemKind; text: ItemText }> {
  const out = new Map<string, { kind: ItemKind; text: ItemText }>();
  for (const d of v.domains) {
    out.set(d.key, { kind: "domain", text: d.title });
    for (const s of d.subdomains) {
      out.set(s.key, { kind: "subdomain", text: s.title });
      for (const i of s.indicators) {
        out.set(i.key, { kind: "indicator", text: i.statement });
        out.set(i.key + LEVELS_SUFFIX, { kind: "levels", text: i.levels });
      }
    }
  }
  return out;
}

/** Keys of `to` in its order, with keys only in `from` slotted in after their predecessor there. */
function mergedOrder(fromKeys: string[], toKeys: string[]): string[] {
  const order = [...toKeys];
  const present = new Set(order);
  fromKeys.forEach((key, i) => {
    if (present.has(key)) return;
    let at = 0;
    for (let j = i - 1; j >= 0; j--) {
      const k = order.indexOf(fromKeys[j]!);
      if (k >= 0) {
        at = k + 1;
        break;
      }
    }
    order.splice(at, 0, key);
    present.add(key);
  });
  return order;
}

function diffOf(before: ItemText | null, after: ItemText | null): DiffPart[] | DiffPart[][] {
  if (Array.isArray(before) || Array.isArray(after)) {
    const a = (before as string[] | null) ?? [];
    const b = (after as string[] | null) ?? [];
    return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => wordDiff(a[i] ?? "", b[i] ?? ""));
  }
  return wordDiff(before ?? "", after ?? "");
}

function versionNumber(raw: string | null | undefined, name: "from" | "to"): number | undefined {
  if (raw === null || raw === undefined || raw === "") return undefined;
  if (!/^\d{1,10}$/.test(raw) || Number(raw) < 1 || Number(raw) > 2_147_483_647)
    throw new AppError("validation", `Invalid comparison: ${name}: expected a version number, got "${raw}"`, [
      { path: name, message: "expected a version number" },
    ]);
  return Number(raw);
}

type Flat = Map<string, { kind: ItemKind; text: ItemText }>;

/** Items paired by key: what was added, removed or reworded. */
function compareByKey(before: Flat, after: Flat) {
  const items: ComparedItem[] = [];
  let unchanged = 0;
  for (const key of mergedOrder([...before.keys()], [...after.keys()])) {
    const x = before.get(key);
    const y = after.get(key);
    if (x && y && sameText(x.text, y.text)) {
      unchanged++;
      continue;
    }
    items.push({
      key,
      kind: (y ?? x)!.kind,
      change: !x ? "added" : !y ? "removed" : "changed",
      before: x?.text ?? null,
      after: y?.text ?? null,
      diff: diffOf(x?.text ?? null, y?.text ?? null),
    });
  }
  return { items, unchanged };
}

/**
 * Items paired through the restructurings published in between: an old key is compared with the key(s) it
 * became, so a renumbered item is not mistaken for a reworded one, and merges, splits and moves say so.
 */
function compareRestructured(before: Flat, after: Flat, changes: StructureChanges[]) {
  const targetsOf = (key: string) => {
    let keys = [key];
    for (const c of changes) keys = keys.flatMap((k) => c.successors[k] ?? [k]);
    return [...new Set(keys)].filter((k) => after.has(k));
  };
  const moved = new Set(changes.flatMap((c) => c.steps.filter((st) => st.change === "moved").flatMap((st) => st.from)));
  const targets = new Map([...before.keys()].map((k) => [k, targetsOf(k)]));
  const claims = new Map<string, number>();
  for (const ts of targets.values()) for (const t of ts) claims.set(t, (claims.get(t) ?? 0) + 1);
  const items: ComparedItem[] = [];
  let unchanged = 0;
  for (const [key, x] of before) {
    const ts = targets.get(key)!;
    const texts = ts.map((t) => after.get(t)!.text);
    const y = ts.length === 1 ? texts[0]! : null;
    const change: ItemChange =
      ts.length === 0
        ? "removed"
        : ts.length > 1
          ? "split"
          : claims.get(ts[0]!)! > 1
            ? "merged"
            : moved.has(key) || moved.has(key.replace(/\/levels$/, ""))
              ? "moved"
              : ts[0] !== key
                ? "renumbered"
                : "changed";
    if (change === "changed" && sameText(x.text, y)) {
      unchanged++;
      continue;
    }
    // A split item is shown against its first part; `newKeys` names every part.
    const shown = texts[0] ?? null;
    items.push({
      key,
      kind: x.kind,
      change: change === "renumbered" && !sameText(x.text, y) ? "changed" : change,
      ...(ts.length !== 1 || ts[0] !== key ? { newKeys: ts } : {}),
      before: x.text,
      after: shown,
      diff: diffOf(x.text, shown),
    });
  }
  const targeted = new Set([...targets.values()].flat());
  for (const [key, y] of after)
    if (!targeted.has(key))
      items.push({ key, kind: y.kind, change: "added", before: null, after: y.text, diff: diffOf(null, y.text) });
  return { items, unchanged };
}

/**
 * The versions that lead from `low` to `high`: each version's base is the version its consultation validated
 * (an imported version follows the one before). When `low` is not an ancestor of `high` — a study of version 1
 * published version 4 after versions 2 and 3 — the restructurings and changelogs in between do not apply to
 * `low`'s keys, and the comparison pairs items by key.
 */
async function lineOfDescent(db: Db, slug: string, low: number, high: number) {
  const rows = await db.modelVersion.findMany({
    where: { model: { slug }, number: { lte: high } },
    select: {
      number: true,
      createdAt: true,
      changelog: true,
      structureChanges: true,
      fromConsultationId: true,
    },
  });
  const bases = await db.consultation.findMany({
    where: { id: { in: rows.map((r) => r.fromConsultationId).filter((id): id is string => !!id) } },
    select: { id: true, modelVersion: { select: { number: true } } },
  });
  const baseOf = new Map(bases.map((c) => [c.id, c.modelVersion.number]));
  const byNumber = new Map(rows.map((r) => [r.number, r]));
  const path: typeof rows = [];
  let n = high;
  while (n > low) {
    const v = byNumber.get(n);
    if (!v) break;
    path.unshift(v);
    n = (v.fromConsultationId && baseOf.get(v.fromConsultationId)) || n - 1;
  }
  const related = n === low;
  const top = byNumber.get(high);
  return {
    related,
    baseOfHigh: top?.fromConsultationId ? (baseOf.get(top.fromConsultationId) ?? null) : null,
    versions: related ? path : rows.filter((r) => r.number > low).sort((a, b) => a.number - b.number),
  };
}

/**
 * Two versions of a model item by item: what was added, removed or reworded (with a word diff), and
 * the changelogs of the versions published in between. Defaults: the latest version against the one before.
 */
export async function compareModelVersions(db: Db, slug: string, fromRaw?: string | null, toRaw?: string | null) {
  const latest = await getModelVersion(db, slug);
  const to = versionNumber(toRaw, "to") ?? latest.number;
  const from = versionNumber(fromRaw, "from") ?? Math.max(1, to - 1);
  const [a, b] = await Promise.all([getModelVersion(db, slug, from), getModelVersion(db, slug, to)]);
  const before = flatten(a);
  const after = flatten(b);
  const [low, high] = from <= to ? [from, to] : [to, from];
  const descent = await lineOfDescent(db, slug, low, high);
  const restructured = descent.versions.filter((v) => v.structureChanges !== null);
  const structureChanges = restructured.map((v) => ({
    version: v.number,
    steps: (JSON.parse(v.structureChanges!) as StructureChanges).steps,
  }));
  // Restructurings pair the items only along the line of descent, older to newer; otherwise by key.
  const { items, unchanged } =
    restructured.length && from < to && descent.related
      ? compareRestructured(
          before,
          after,
          restructured.map((v) => JSON.parse(v.structureChanges!) as StructureChanges),
        )
      : compareByKey(before, after);

  const published = descent.versions.filter((v) => v.changelog !== null);
  const consultations = await db.consultation.findMany({
    where: { id: { in: published.map((p) => p.fromConsultationId).filter((id): id is string => !!id) } },
    select: { id: true, title: true },
  });
  const titles = new Map(consultations.map((c) => [c.id, c.title]));

  return {
    model: { slug: latest.slug, name: latest.name, versions: latest.versions },
    from: { number: a.number, levelScale: a.levelScale },
    to: { number: b.number, levelScale: b.levelScale },
    summary: {
      added: items.filter((i) => i.change === "added").length,
      removed: items.filter((i) => i.change === "removed").length,
      changed: items.filter((i) => i.change === "changed").length,
      unchanged,
      // Only between versions a restructuring separates.
      ...(structureChanges.length
        ? {
            merged: items.filter((i) => i.change === "merged").length,
            split: items.filter((i) => i.change === "split").length,
            moved: items.filter((i) => i.change === "moved").length,
            renumbered: items.filter((i) => i.change === "renumbered").length,
          }
        : {}),
    },
    items,
    /** The older version is not an ancestor of the newer one (published from a study of an older version). */
    ...(descent.related ? {} : { unrelatedBase: descent.baseOfHigh }),
    structureChanges,
    changelogs: published.map((p) => ({
      version: p.number,
      publishedAt: p.createdAt.toISOString(),
      consultation: p.fromConsultationId
        ? { id: p.fromConsultationId, title: titles.get(p.fromConsultationId) ?? null }
        : null,
      entries: JSON.parse(p.changelog!) as ChangelogEntry[],
    })),
  };
}
export type VersionComparison = Awaited<ReturnType<typeof compareModelVersions>>;
