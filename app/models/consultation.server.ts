// Consultations (Delphi studies): creation from a model version with the items the panel rates,
// and the views each role gets of them.
import type { Db } from "../../server/db/client.js";
import { AppError, fromZodError } from "../../shared/errors/app-error.js";
import {
  consensusRuleInputSchema,
  minGroupSizeSchema,
  newConsultationSchema,
  type Anonymity,
  type ConsensusRuleInput,
  type ItemKind,
  type NewConsultation,
  type RoundKind,
  type RoundStatus,
  type StudyDesign,
} from "../../shared/delphi/schemas.js";
import { DEFAULT_QUESTIONS, questionsOf } from "../../shared/delphi/questions.js";
import { presetItems, type ChoosableItem, type ItemPreset } from "../../shared/delphi/item-tree.js";
import { CONSENSUS_PRESETS, type ConsensusRule } from "../../shared/stats/consensus.js";
import { assertValidRule } from "../../shared/stats/consensus.js";
import { auditActor, membership, requireRole, type Role } from "./access.server.js";
import { appendAuditEvent } from "./audit.server.js";
import { translatedWordings } from "../../shared/model/format.js";
import { versionTranslations } from "./model.server.js";
import type { SessionUser } from "./user.server.js";

export interface ItemDraft {
  key: string;
  kind: ItemKind;
  wording: string;
}

/** The languages a consultation offers (JSON), source first; older consultations stored "[]": the source only. */
export function consultationLanguages(json: string, sourceLanguage: string): string[] {
  const languages = JSON.parse(json) as string[];
  return languages.length ? languages : [sourceLanguage];
}

/** The languages to offer: the version's own, then those asked for, each of which the version must be translated into. */
function chooseLanguages(version: { language: string; translations: string }, asked: string[] | undefined): string[] {
  const available = Object.keys(versionTranslations(version.translations));
  const unknown = (asked ?? []).filter((l) => l !== version.language && !available.includes(l));
  if (unknown.length)
    throw new AppError(
      "validation",
      `Invalid consultation: languages: the model version is not translated into ${unknown.map((l) => `"${l}"`).join(", ")} (it is in "${version.language}"${available.length ? `, translated into ${available.join(", ")}` : ""})`,
      unknown.map((l) => ({ path: "languages", message: `no translation into "${l}"` })),
    );
  return [version.language, ...available.filter((l) => asked?.includes(l))];
}

/** Each item's wording in the other languages offered, by round item key, from the version's translations. */
function itemTranslations(
  version: { translations: string },
  languages: string[],
): (key: string) => Record<string, string | string[]> {
  const translations = versionTranslations(version.translations);
  const byLanguage = languages.slice(1).map((l) => [l, translatedWordings(translations[l]!)] as const);
  return (key) =>
    Object.fromEntries(
      byLanguage.flatMap(([l, wordings]) => (wordings[key] !== undefined ? [[l, wordings[key]]] : [])),
    );
}

export const LEVELS_SUFFIX = "/levels";

/** Every item a panel could rate in a model version, in model order. */
export async function ratableItems(db: Db, modelVersionId: string): Promise<ItemDraft[]> {
  const domains = await db.domain.findMany({
    where: { versionId: modelVersionId },
    orderBy: { position: "asc" },
    include: {
      subdomains: {
        orderBy: { position: "asc" },
        include: { indicators: { orderBy: { position: "asc" }, include: { levels: { orderBy: { rank: "asc" } } } } },
      },
    },
  });
  return domains.flatMap((d) => [
    { key: d.key, kind: "domain" as const, wording: d.title },
    ...d.subdomains.flatMap((s) => [
      { key: s.key, kind: "subdomain" as const, wording: s.title },
      ...s.indicators.flatMap((i) => [
        { key: i.key, kind: "indicator" as const, wording: i.statement },
        { key: i.key + LEVELS_SUFFIX, kind: "levels" as const, wording: JSON.stringify(i.levels.map((l) => l.text)) },
      ]),
    ]),
  ]);
}

/**
 * What the create form's item tree is built from: the items of a model version (the latest if no number)
 * in model order, without the level texts (the tree names a level set after its indicator).
 */
export async function choosableItems(db: Db, slug: string, number?: number) {
  const version = await db.modelVersion.findFirst({
    where: { model: { slug }, ...(number ? { number } : {}) },
    orderBy: { number: "desc" },
  });
  if (!version) return null;
  const items: ChoosableItem[] = (await ratableItems(db, version.id)).map((i) => ({
    key: i.key,
    kind: i.kind,
    wording: i.kind === "levels" ? "" : i.wording,
  }));
  return {
    model: `${slug}@${version.number}`,
    items,
    /** The version's own language, and those it is translated into (the languages a consultation may offer). */
    language: version.language,
    translations: Object.keys(versionTranslations(version.translations)),
  };
}

function selectItems(all: ItemDraft[], selection: string | string[]): ItemDraft[] {
  if (typeof selection === "string") return presetItems(all, selection as ItemPreset);
  const byKey = new Map(all.map((i) => [i.key, i]));
  const unknown = (selection as string[]).filter((k) => !byKey.has(k));
  if (unknown.length)
    throw new AppError(
      "validation",
      `Invalid consultation: items: unknown item key ${unknown.map((k) => `"${k}"`).join(", ")}`,
      unknown.map((k) => ({ path: "items", message: `unknown item key "${k}"` })),
    );
  const wanted = new Set(selection);
  return all.filter((i) => wanted.has(i.key));
}

/** The rule to store: `rule` or a preset (by scale), with the minimum of answers and stopping rule given beside it. */
function ruleOf(c: ConsensusRuleInput, scalePoints: number, what: string): ConsensusRule {
  const base: ConsensusRule =
    c.rule ?? CONSENSUS_PRESETS[c.rulePreset ?? (scalePoints === 9 ? "rand-ucla" : "b1mg-2021")]!;
  // The minimum of answers and the stopping rule are stored in the rule's JSON, so they lock with it.
  const rule: ConsensusRule = {
    ...base,
    ...(c.minAnswers ? { minAnswers: c.minAnswers } : {}),
    ...(c.stopping ? { stopping: c.stopping } : {}),
  };
  try {
    assertValidRule(rule);
  } catch (error) {
    throw new AppError("validation", `Invalid ${what}: rule: ${(error as Error).message}`, [
      { path: "rule", message: (error as Error).message },
    ]);
  }
  return rule;
}

/** Admins and those who moderate a consultation start new ones; panellists and observers never see the page. */
export async function canCreateConsultation(db: Db, actor: SessionUser) {
  return actor.isAdmin || (await db.member.findFirst({ where: { userId: actor.id, role: "moderator" } })) !== null;
}

export async function createConsultation(db: Db, actor: SessionUser, input: NewConsultation) {
  if (!(await canCreateConsultation(db, actor)))
    throw new AppError("forbidden", "Only an admin or a moderator may create a consultation");
  const parsed = newConsultationSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, "consultation");
  const c = parsed.data;
  const version = await db.modelVersion.findFirst({
    where: { model: { slug: c.modelSlug }, ...(c.modelVersion ? { number: c.modelVersion } : {}) },
    orderBy: { number: "desc" },
  });
  if (!version)
    throw new AppError(
      "validation",
      `Invalid consultation: modelSlug: no model "${c.modelSlug}"${c.modelVersion ? ` version ${c.modelVersion}` : ""}`,
      [{ path: "modelSlug", message: "unknown model or version" }],
    );
  const rule = ruleOf(c, c.scalePoints, "consultation");
  const items = selectItems(await ratableItems(db, version.id), c.items);
  const languages = chooseLanguages(version, c.languages);
  const translationsOf = itemTranslations(version, languages);
  // Stored whole, so what this study asks never changes with the defaults.
  const questions = { ...DEFAULT_QUESTIONS, ...c.questions };

  return db.$transaction(async (tx) => {
    const consultation = await tx.consultation.create({
      data: {
        title: c.title,
        description: c.description,
        modelVersionId: version.id,
        scalePoints: c.scalePoints,
        consensusRule: JSON.stringify(rule),
        anonymity: c.anonymity,
        minGroupSize: c.minGroupSize,
        questions: JSON.stringify(questions),
        languages: JSON.stringify(languages),
        design: c.design,
        createdById: actor.id,
        members: { create: { userId: actor.id, role: "moderator", pseudonym: "Moderator 1", joinedAt: new Date() } },
      },
    });
    const round = await tx.round.create({
      data: {
        consultationId: consultation.id,
        number: 1,
        // A real-time study's first round is its window; the confirmation round (if any) is a classic one.
        kind: c.design === "rounds" ? (c.openRound ? "open" : "rating") : "realtime",
        deadline: c.deadline ?? null,
        reminderHours: JSON.stringify(c.reminderHours ?? []),
      },
    });
    await tx.roundItem.createMany({
      data: items.map((item, position) => ({
        roundId: round.id,
        position,
        ...item,
        translations: JSON.stringify(translationsOf(item.key)),
      })),
    });
    await appendAuditEvent(tx, {
      consultationId: consultation.id,
      actor: "pseudonym:Moderator 1",
      type: "consultation.created",
      payload: {
        title: c.title,
        modelVersionId: version.id,
        scalePoints: c.scalePoints,
        anonymity: c.anonymity,
        minGroupSize: c.minGroupSize,
        questions,
        rule: JSON.parse(JSON.stringify(rule)),
        round: 1,
        ...(c.openRound ? { roundKind: "open" } : {}),
        ...(languages.length > 1 ? { languages } : {}),
        ...(c.design !== "rounds" ? { design: c.design, roundKind: "realtime" } : {}),
        items: items.map((i) => ({ key: i.key, kind: i.kind, wording: i.wording })),
      },
    });
    return { id: consultation.id, roundId: round.id, items: items.length };
  });
}

export interface ConsultationSummary {
  id: string;
  title: string;
  role: Role;
  rounds: { number: number; status: string; deadline: string | null }[];
  createdAt: string;
  /** A panellist's own progress in the open round: items answered ("no opinion" counts), of how many, submitted. */
  myProgress: { round: number; answered: number; total: number; submitted: boolean } | null;
}

export async function listConsultations(db: Db, user: SessionUser): Promise<ConsultationSummary[]> {
  const rows = await db.consultation.findMany({
    where: user.isAdmin ? {} : { members: { some: { userId: user.id } } },
    orderBy: { createdAt: "desc" },
    include: {
      rounds: {
        orderBy: { number: "asc" },
        select: { id: true, number: true, status: true, deadline: true, _count: { select: { items: true } } },
      },
      members: { where: { userId: user.id } },
    },
  });
  // The caller's own answers in the open rounds they rate: two grouped queries, whatever the number of studies.
  const mine = rows.flatMap((c) => {
    const member = c.members[0];
    const open = c.rounds.find((r) => r.status === "open");
    return member?.role === "panellist" && !member.withdrawnAt && open ? [{ memberId: member.id, round: open }] : [];
  });
  const [answers, completions] = mine.length
    ? await Promise.all([
        db.rating.groupBy({
          by: ["memberId"],
          where: { OR: mine.map((m) => ({ memberId: m.memberId, item: { roundId: m.round.id } })) },
          _count: { _all: true },
        }),
        db.completion.findMany({
          where: { OR: mine.map((m) => ({ memberId: m.memberId, roundId: m.round.id })) },
          select: { memberId: true },
        }),
      ])
    : [[], []];
  const answered = new Map(answers.map((a) => [a.memberId, a._count._all]));
  const submitted = new Set(completions.map((c) => c.memberId));
  const progress = new Map(
    mine.map((m) => [
      m.memberId,
      {
        round: m.round.number,
        answered: answered.get(m.memberId) ?? 0,
        total: m.round._count.items,
        submitted: submitted.has(m.memberId),
      },
    ]),
  );
  return rows.map((c) => ({
    id: c.id,
    title: c.title,
    role: (c.members[0]?.role as Role | undefined) ?? "moderator",
    rounds: c.rounds.map((r) => ({ number: r.number, status: r.status, deadline: r.deadline?.toISOString() ?? null })),
    createdAt: c.createdAt.toISOString(),
    myProgress: (c.members[0] && progress.get(c.members[0].id)) ?? null,
  }));
}

/** The consultation header every member sees: no panel identities. */
export async function getConsultation(db: Db, id: string, user: SessionUser) {
  const m = await membership(db, id, user);
  const c =
    m &&
    (await db.consultation.findUnique({
      where: { id },
      include: {
        rounds: { orderBy: { number: "asc" }, include: { _count: { select: { items: true } } } },
        modelVersion: { include: { model: true } },
      },
    }));
  if (!m || !c) throw new AppError("not_found", `No consultation ${id}`);
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    anonymity: c.anonymity as Anonymity,
    minGroupSize: c.minGroupSize,
    design: c.design as StudyDesign,
    questions: questionsOf(c.questions),
    scalePoints: c.scalePoints,
    rule: JSON.parse(c.consensusRule) as ConsensusRule,
    ruleLocked: c.ruleLockedAt !== null,
    model: { slug: c.modelVersion.model.slug, name: c.modelVersion.model.name, version: c.modelVersion.number },
    /** The languages the items can be read and answered in, the model version's own first. */
    languages: consultationLanguages(c.languages, c.modelVersion.language),
    role: m.role,
    pseudonym: m.pseudonym,
    rounds: c.rounds.map((r) => ({
      id: r.id,
      number: r.number,
      status: r.status as RoundStatus,
      kind: r.kind as RoundKind,
      deadline: r.deadline?.toISOString() ?? null,
      openedAt: r.openedAt?.toISOString() ?? null,
      closedAt: r.closedAt?.toISOString() ?? null,
      items: r._count.items,
    })),
  };
}
export type ConsultationView = Awaited<ReturnType<typeof getConsultation>>;

/**
 * Changes the minimum group size of subgroup figures. Only before round 1 opens: changing it afterwards
 * would let someone compare two versions of the same figures and recover the groups it hid.
 */
export async function setMinGroupSize(db: Db, user: SessionUser, consultationId: string, input: unknown) {
  const m = await requireRole(db, consultationId, user, ["moderator"]);
  const parsed = minGroupSizeSchema.safeParse((input as { minGroupSize?: unknown } | null)?.minGroupSize);
  if (!parsed.success)
    throw new AppError("validation", `Invalid consultation: minGroupSize: ${parsed.error.issues[0]!.message}`, [
      { path: "minGroupSize", message: parsed.error.issues[0]!.message },
    ]);
  return db.$transaction(async (tx) => {
    const round1 = await tx.round.findUniqueOrThrow({
      where: { consultationId_number: { consultationId, number: 1 } },
    });
    if (round1.status !== "draft")
      throw new AppError(
        "conflict",
        `Round 1 is ${round1.status}: the minimum group size is fixed once round 1 opens`,
        [{ path: "minGroupSize", message: "fixed once round 1 opens" }],
      );
    await tx.consultation.update({ where: { id: consultationId }, data: { minGroupSize: parsed.data } });
    await appendAuditEvent(tx, {
      consultationId,
      actor: auditActor(m),
      type: "consultation.updated",
      payload: { minGroupSize: parsed.data },
    });
    return { id: consultationId, minGroupSize: parsed.data };
  });
}

/**
 * Replaces the consensus rule — clauses, minimum of answers and stopping rule — while round 1 is a draft:
 * CREDES/ACCORD want them fixed before anyone answers, so from round 1's opening it is a 409.
 */
export async function setConsensusRule(db: Db, user: SessionUser, consultationId: string, input: unknown) {
  const m = await requireRole(db, consultationId, user, ["moderator"]);
  const parsed = consensusRuleInputSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, "consensus rule");
  const c = await db.consultation.findUniqueOrThrow({ where: { id: consultationId }, select: { scalePoints: true } });
  const rule = ruleOf(parsed.data, c.scalePoints, "consensus rule");
  return db.$transaction(async (tx) => {
    // Conditional on the lock: an opening that won the race makes this a 409, never a change after the fact.
    const { count } = await tx.consultation.updateMany({
      where: { id: consultationId, ruleLockedAt: null, rounds: { none: { status: { not: "draft" } } } },
      data: { consensusRule: JSON.stringify(rule) },
    });
    if (count !== 1)
      throw new AppError("conflict", "The consensus rule was locked when round 1 opened: it cannot change", [
        { path: "rule", message: "locked when round 1 opened" },
      ]);
    await appendAuditEvent(tx, {
      consultationId,
      actor: auditActor(m),
      type: "consultation.updated",
      payload: { rule },
    });
    return { id: consultationId, rule };
  });
}
