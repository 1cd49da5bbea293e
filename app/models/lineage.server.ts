// An item's history through a study, for method teams: the wording the panel rated in each round (with
// a word diff against the round before), the figures overall and per stakeholder group, the rule's
// verdict, the moderator's decision and rationale, the panel's rationale snapshot, and the model
// version its consensus was published in. Moderators and observers only; no identities.
import type { Db } from "../../server/db/client.js";
import { AppError } from "../../shared/errors/app-error.js";
import type { ItemFigures } from "../../shared/stats/descriptive.js";
import { suppressSmallGroups, type SubgroupFigures } from "../../shared/stats/subgroups.js";
import { wordDiff, type DiffPart } from "../../shared/text/diff.js";
import { requireRole } from "./access.server.js";
import { LEVELS_SUFFIX } from "./consultation.server.js";
import type { ChangelogEntry } from "./publish.server.js";
import { describeStep, keysById, stepsOf, studyStructure, successorIds } from "./structure.server.js";
import { structureItems } from "../../shared/model/restructure.js";
import type { StoredFigures } from "./round.server.js";
import { itemStabilityHistory, type ItemStability } from "./stability.server.js";
import type { SessionUser } from "./user.server.js";

/** An item's text: a title or statement, or for "levels" items the five level descriptors. */
export type ItemText = string | string[];

export function parseItemText(kind: string, stored: string): ItemText {
  return kind === "levels" ? (JSON.parse(stored) as string[]) : stored;
}

/** One text for diffs and printouts; levels become "Level 1: …" lines, as panellists see them. */
export function itemTextLines(text: ItemText): string {
  return Array.isArray(text) ? text.map((l, i) => `Level ${i + 1}: ${l}`).join("\n") : text;
}

export type GroupFigures = ShownGroupFigures | { group: string | null; suppressed: true; note: string };

interface ShownGroupFigures {
  /** The attribute value; null for panellists without one ("not recorded"). */
  group: string | null;
  suppressed: false;
  nRated: number;
  nNoOpinion: number;
  counts: number[];
  agreePct: number | null;
  median: number | null;
  iqr: number | null;
}

/** Groups below the consultation's minimum size say so instead of showing their figures. */
const groupFigures = (groups: SubgroupFigures[], minGroupSize: number): GroupFigures[] =>
  suppressSmallGroups(groups, minGroupSize).map((g) => {
    const group = g.group === null ? null : String(g.group);
    if (g.suppressed) return { group, suppressed: true, note: g.note };
    const f = g.figures;
    return {
      group,
      suppressed: false,
      nRated: f.nRated,
      nNoOpinion: f.nNoOpinion,
      counts: f.counts,
      agreePct: f.agreePct,
      median: f.median,
      iqr: f.iqr,
    };
  });

export interface LineageRound {
  round: number;
  roundStatus: string;
  closedAt: string | null;
  wording: ItemText;
  /** Word diff of the wording against the previous round's; null in the item's first round. */
  diff: DiffPart[] | null;
  /** Null until the round is closed. */
  figures: {
    overall: ItemFigures;
    byStakeholderType: GroupFigures[];
    byCountry: GroupFigures[];
    byGender: GroupFigures[];
    /** By the language the answers were given in (empty before consultations had languages). */
    byLanguage: GroupFigures[];
  } | null;
  status: string | null;
  reason: string | null;
  decision: string | null;
  /** The moderator decided otherwise than the rule. */
  override: boolean;
  rationale: string | null;
  newWording: ItemText | null;
  decidedAt: string | null;
  /** What the panel's shared rationale said when the round closed (absent when nobody wrote one). */
  snapshot: { text: string; takenAt: string } | null;
  /** Since the previous round, over the panellists who rated the item in both; null in its first round or until closed. */
  stability: ItemStability | null;
}

/** The item's text in a model version: null when the version does not have it (dropped, or never there). */
async function textInVersion(db: Db, versionId: string, kind: string, key: string): Promise<ItemText | null> {
  switch (kind) {
    case "domain":
      return (await db.domain.findUnique({ where: { versionId_key: { versionId, key } } }))?.title ?? null;
    case "subdomain":
      return (await db.subdomain.findUnique({ where: { versionId_key: { versionId, key } } }))?.title ?? null;
    case "indicator":
      return (await db.indicator.findUnique({ where: { versionId_key: { versionId, key } } }))?.statement ?? null;
    default: {
      const indicator = await db.indicator.findUnique({
        where: { versionId_key: { versionId, key: key.slice(0, -LEVELS_SUFFIX.length) } },
        include: { levels: { orderBy: { rank: "asc" } } },
      });
      return indicator ? indicator.levels.map((l) => l.text) : null;
    }
  }
}

export async function itemLineage(db: Db, user: SessionUser, consultationId: string, key: string, round?: number) {
  await requireRole(db, consultationId, user, ["moderator", "observer"]);
  const consultation = await db.consultation.findUniqueOrThrow({
    where: { id: consultationId },
    include: { modelVersion: { include: { model: true } } },
  });
  // The item through the rounds by its id in the study: a restructuring may have renumbered its key. Without
  // one, keys are stable and the replay is skipped.
  const study = (await db.restructuring.count({ where: { consultationId } }))
    ? await studyStructure(db, consultationId)
    : null;
  // A key names the item it named in the first round that rated it (`round` picks another round's).
  const firstRated = await db.roundItem.findFirst({
    where: { key, round: { consultationId, ...(round ? { number: round } : {}) } },
    orderBy: { round: { number: "asc" } },
    select: { round: { select: { number: true } } },
  });
  const id = !study
    ? key
    : firstRated
      ? study.roundKeys.get(firstRated.round.number)?.get(key)
      : structureItems(study.structure).find((i) => i.key === key)?.id;
  const pairs = !study
    ? []
    : [...study.roundKeys.entries()].flatMap(([round, keys]) =>
        [...keys.entries()].filter(([, x]) => x === id).map(([k]) => ({ key: k, round: { number: round } })),
      );
  const items = await db.roundItem.findMany({
    where: { round: { consultationId }, OR: pairs.length ? pairs : [{ key }] },
    include: { round: true, result: true, snapshot: { select: { text: true, createdAt: true } } },
    orderBy: { round: { number: "asc" } },
  });
  const first = items[0];
  if (!first) throw new AppError("not_found", `Item ${key} is not rated in this consultation`);

  const stability = await itemStabilityHistory(db, consultationId, key);
  const rounds: LineageRound[] = [];
  let previous: ItemText | null = null;
  for (const item of items) {
    const wording = parseItemText(item.kind, item.wording);
    const stored = item.result ? (JSON.parse(item.result.figures) as StoredFigures) : null;
    const r = item.result;
    rounds.push({
      round: item.round.number,
      roundStatus: item.round.status,
      closedAt: item.round.closedAt?.toISOString() ?? null,
      wording,
      diff: previous === null ? null : wordDiff(itemTextLines(previous), itemTextLines(wording)),
      figures: stored && {
        overall: stored.overall,
        byStakeholderType: groupFigures(stored.byStakeholderType, consultation.minGroupSize),
        byCountry: groupFigures(stored.byCountry, consultation.minGroupSize),
        byGender: groupFigures(stored.byGender, consultation.minGroupSize),
        byLanguage: groupFigures(stored.byLanguage ?? [], consultation.minGroupSize),
      },
      status: r?.status ?? null,
      reason: r?.reason ?? null,
      decision: r?.decision ?? null,
      override: !!r?.decision && r.decision !== r.status,
      rationale: r?.rationale ?? null,
      newWording: r?.newWording ? parseItemText(item.kind, r.newWording) : null,
      decidedAt: r?.decidedAt?.toISOString() ?? null,
      snapshot: item.snapshot ? { text: item.snapshot.text, takenAt: item.snapshot.createdAt.toISOString() } : null,
      stability: stability.find((s) => s.round === item.round.number) ?? null,
    });
    previous = wording;
  }

  const versions = await db.modelVersion.findMany({
    where: { fromConsultationId: consultationId },
    orderBy: { number: "asc" },
    select: { id: true, number: true, createdAt: true, changelog: true },
  });
  const published = [];
  for (const v of versions) {
    const entries = v.changelog ? (JSON.parse(v.changelog) as ChangelogEntry[]) : [];
    published.push({
      version: v.number,
      publishedAt: v.createdAt.toISOString(),
      /** Null when the item is not in that version (dropped). */
      text: await textInVersion(db, v.id, first.kind, key),
      change: entries.find((e) => e.key === key) ?? null,
    });
  }

  const finalKeys = study ? keysById(study.structure) : null;
  const structure =
    study && finalKeys && id
      ? {
          /** Its keys in the model as the study has restructured it ([] when dropped or merged away and dropped). */
          currentKeys: successorIds(study, id).map((x) => finalKeys.get(x)!),
          steps: stepsOf(study.steps, id).map((st) => ({
            afterRound: st.afterRound,
            change: st.change,
            text: describeStep(st, id, (x) => finalKeys.get(x)),
            rationale: st.rationale,
          })),
          droppedInRound: study.dropped.get(id) ?? null,
        }
      : null;

  return {
    consultation: {
      id: consultation.id,
      title: consultation.title,
      scalePoints: consultation.scalePoints,
      minGroupSize: consultation.minGroupSize,
    },
    key,
    structure,
    kind: first.kind,
    base: {
      model: consultation.modelVersion.model.name,
      slug: consultation.modelVersion.model.slug,
      version: consultation.modelVersion.number,
      text: await textInVersion(db, consultation.modelVersionId, first.kind, key),
    },
    rounds,
    published,
  };
}
export type ItemLineage = Awaited<ReturnType<typeof itemLineage>>;
