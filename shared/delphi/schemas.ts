// Input schemas of the Delphi workflow, shared by forms, the JSON API and importers (validate at the boundary).
import { z } from "zod";
import { LANGUAGES } from "../i18n/languages.js";
import { CONSENSUS_PRESETS, type ConsensusRule, RULE_STATUSES, type RuleStatus } from "../stats/consensus.js";
import { AppError, formatPath } from "../errors/app-error.js";
import { DEFAULT_MIN_GROUP_SIZE } from "../stats/subgroups.js";

export const STAKEHOLDER_TYPES = [
  "Ministry/Agency/Policy maker",
  "Research/University",
  "Clinical communities",
  "IT/Data communities",
  "Scientific communities",
  "Policy advisory groups",
  "Industry/Private sector",
  "ELSI",
  "Funding agencies",
  "Patient organisations",
] as const;

export const ANONYMITY_MODES = ["anonymous", "quasi-anonymous"] as const;
export type Anonymity = (typeof ANONYMITY_MODES)[number];

/** How a study runs (docs/decisions/realtime-delphi.md): classic rounds, one real-time window, or a real-time
 * window followed by a classic confirmation round. */
export const STUDY_DESIGNS = ["rounds", "realtime", "realtime+confirmation"] as const;
export type StudyDesign = (typeof STUDY_DESIGNS)[number];
export const isRealtimeDesign = (design: string) => design === "realtime" || design === "realtime+confirmation";

export const ROUND_KINDS = ["rating", "open", "realtime"] as const;
export type RoundKind = (typeof ROUND_KINDS)[number];

export const ROUND_STATUSES = ["draft", "open", "closed", "published"] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

export const ITEM_KINDS = ["domain", "subdomain", "indicator", "levels"] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const ITEM_PRESETS = ["indicators", "indicators+levels", "everything"] as const;

// In a Unicode-aware regex a paired surrogate is one code point, so \p{Cs} matches only a lone half.
const LONE_SURROGATE = /\p{Cs}/u;
const ILL_FORMED = "contains an unpaired surrogate: not valid Unicode text";
const NUL = "contains a NUL character (U+0000), which text cannot hold";

/** Why a string cannot be stored as text, or null: a lone surrogate (JSON's "\ud800"), or NUL (PostgreSQL). */
export function textProblem(s: string): string | null {
  if (LONE_SURROGATE.test(s)) return ILL_FORMED;
  if (s.includes("\u0000")) return NUL;
  return null;
}

/** A string that is valid Unicode without NUL: anything else neither database stores as text. */
export const wellFormedText = () =>
  z
    .string()
    .refine((s) => !LONE_SURROGATE.test(s), { error: ILL_FORMED })
    .refine((s) => !s.includes("\u0000"), { error: NUL });

/**
 * The path and problem of the first string (value or key) in a parsed JSON document that is not storable
 * text, or null. The API checks every body with it before any route schema, so no handler ever sees such text.
 */
export function illFormedText(value: unknown, path: PropertyKey[] = []): { path: string; problem: string } | null {
  if (typeof value === "string") {
    const problem = textProblem(value);
    return problem ? { path: formatPath(path), problem } : null;
  }
  if (value === null || typeof value !== "object") return null;
  for (const [key, child] of Object.entries(value)) {
    const at = [...path, Array.isArray(value) ? Number(key) : key];
    const problem = textProblem(key);
    if (problem) return { path: `${JSON.stringify(formatPath(at)).slice(1, -1)} (its key)`, problem };
    const found = illFormedText(child, at);
    if (found) return found;
  }
  return null;
}

export function assertWellFormedBody(value: unknown, what = "request body"): void {
  const found = illFormedText(value);
  if (!found) return;
  const { path, problem } = found;
  throw new AppError("validation", `Invalid ${what}: ${path ? `${path}: ` : ""}${problem}`, [
    { path, message: problem },
  ]);
}

/** A date a person could mean (years 1970–9999): `new Date("+200000-01-01")` is valid JS but no database's. */
export const dateSchema = () =>
  z.coerce.date({ error: "expected a date" }).refine((d) => d.getUTCFullYear() >= 1970 && d.getUTCFullYear() <= 9999, {
    error: "expected a date between 1970 and 9999",
  });

/**
 * A whole number from a URL (path segment or query parameter): digits only and within the database's
 * 32-bit integers, so "1e400", "-1", "NaN" or "99999999999" are refused by name instead of reaching a query.
 * Absent or empty gives undefined.
 */
export function urlInteger(raw: string | null | undefined, name: string, min = 0): number | undefined {
  if (raw === null || raw === undefined || raw === "") return undefined;
  const n = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= min && n <= 2_147_483_647)) {
    const message = `expected a whole number from ${min} to 2147483647, got "${raw.slice(0, 40)}"`;
    throw new AppError("validation", `Invalid ${name}: ${message}`, [{ path: name, message }]);
  }
  return n;
}

const text = (max: number) => wellFormedText().trim().min(1, { error: "must not be empty" }).max(max);
const optionalText = (max: number) => wellFormedText().trim().max(max);

const conditionSchema = z.strictObject({
  figure: z.enum([
    "agreePct",
    "disagreePct",
    "neutralPct",
    "median",
    "q1",
    "q3",
    "iqr",
    "mean",
    "sd",
    "cv",
    "nRated",
    "nNoOpinion",
    "randDisagreement",
  ]),
  op: z.enum([">=", ">", "<=", "<", "==", "!="]),
  value: z.union([z.number(), z.boolean()]),
});

const ruleStatusSchema = z.enum(RULE_STATUSES as [RuleStatus, ...RuleStatus[]], {
  error: `expected one of ${RULE_STATUSES.join(", ")}`,
});
const percentSchema = (min: "above 0" | "from 0") =>
  z.number({ error: "expected a percentage" }).refine((n) => (min === "above 0" ? n > 0 : n >= 0) && n <= 100, {
    error: `expected a percentage ${min} and at most 100`,
  });

/** Minimum rated answers per item (shared/stats/consensus.ts); absent in rules stored before it existed. */
export const minAnswersSchema = z
  .strictObject({
    count: z
      .number({ error: "expected a whole number of at least 1" })
      .int({ error: "expected a whole number of at least 1" })
      .min(1, { error: "expected a whole number of at least 1" })
      .max(100_000, { error: "at most 100000" })
      .optional(),
    panelPct: percentSchema("above 0").optional(),
  })
  .refine((m) => m.count !== undefined || m.panelPct !== undefined, { error: "give count, panelPct or both" });

/** When the study ends (shared/stats/stopping.ts), fixed with the consensus rule before round 1. */
export const stoppingRuleSchema = z
  .strictObject({
    itemsReached: z
      .strictObject({
        pct: percentSchema("above 0"),
        statuses: z.array(ruleStatusSchema).min(1, { error: "expected at least 1 status" }),
      })
      .optional(),
    stability: z
      .strictObject({
        maxChangedPct: percentSchema("from 0"),
        minWilcoxonP: z
          .number({ error: "expected a p-value from 0 to 1" })
          .min(0, { error: "expected a p-value from 0 to 1" })
          .max(1, { error: "expected a p-value from 0 to 1" }),
      })
      .optional(),
    maxRounds: z
      .number({ error: "expected a whole number from 1 to 100" })
      .int({ error: "expected a whole number from 1 to 100" })
      .min(1, { error: "expected a whole number from 1 to 100" })
      .max(100, { error: "expected a whole number from 1 to 100" })
      .optional(),
  })
  .refine((r) => r.itemsReached !== undefined || r.stability !== undefined || r.maxRounds !== undefined, {
    error: "give at least one of itemsReached, stability, maxRounds",
  });

export const consensusRuleSchema: z.ZodType<ConsensusRule> = z.strictObject({
  id: z.string().optional(),
  name: z.string().optional(),
  roundPercentages: z.boolean().optional(),
  fallback: ruleStatusSchema.optional(),
  clauses: z
    .array(
      z.strictObject({
        status: ruleStatusSchema,
        when: z.array(conditionSchema),
        label: z.string().optional(),
      }),
    )
    .min(1, { error: "expected at least 1 clause" }),
  minAnswers: minAnswersSchema.optional(),
  stopping: stoppingRuleSchema.optional(),
});

/** Subgroup figures and attribute columns are suppressed below this many panellists (shared/stats/subgroups.ts). */
export const minGroupSizeSchema = z.coerce
  .number({ error: "expected a whole number of at least 1" })
  .int({ error: "expected a whole number of at least 1" })
  .min(1, { error: "expected a whole number of at least 1" })
  .max(1000, { error: "at most 1000" });

/** When automatic reminders go to those not finished: hours before the round's deadline, e.g. [72, 24]. */
export const reminderHoursSchema = z
  .array(
    z
      .number({ error: "expected a number of hours" })
      .int({ error: "expected a whole number of hours" })
      .min(1, { error: "at least 1 hour before the deadline" })
      .max(24 * 90, { error: "at most 2160 hours (90 days) before the deadline" }),
  )
  .max(10, { error: "at most 10 reminders per round" })
  .refine((hours) => new Set(hours).size === hours.length, { error: "each time only once" });

const remindersHaveDeadline = (r: { reminderHours?: number[]; deadline?: Date }) =>
  !r.reminderHours?.length || r.deadline !== undefined;
const REMINDERS_NEED_DEADLINE = { error: "reminders before the deadline need a deadline", path: ["reminderHours"] };

/**
 * "3 days, 1 day" / "72h, 24" as form text → hours before the deadline; a part that is not a time is a
 * validation error naming the field (`what` names the form: "next round", "consultation").
 */
export function parseReminderHours(input: string, what: string): number[] {
  const parts = input
    .split(/[,;]/)
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean);
  return parts.map((part) => {
    const m = /^(\d{1,5})\s*(d|days?|h|hours?)?$/.exec(part);
    if (!m) {
      const message = `"${part}" is not a time before the deadline; write e.g. "3 days, 1 day" or "12 h"`;
      throw new AppError("validation", `Invalid ${what}: reminderHours: ${message}`, [
        { path: "reminderHours", message },
      ]);
    }
    return Number(m[1]) * (m[2]?.startsWith("d") ? 24 : 1);
  });
}

/** A consensus rule as given when creating a consultation or replacing its rule before round 1. */
export const consensusRuleInputSchema = z.strictObject({
  rulePreset: z
    .enum(Object.keys(CONSENSUS_PRESETS) as [string, ...string[]], {
      error: `expected one of ${Object.keys(CONSENSUS_PRESETS).join(", ")}`,
    })
    .optional(),
  rule: consensusRuleSchema.optional(),
  /** Replace the preset's (or `rule`'s) minimum of answers per item / add a stopping rule to it. */
  minAnswers: minAnswersSchema.optional(),
  stopping: stoppingRuleSchema.optional(),
});
export type ConsensusRuleInput = z.infer<typeof consensusRuleInputSchema>;

const question = wellFormedText()
  .trim()
  .min(1, { error: "must not be empty" })
  .max(300, { error: "at most 300 characters" });

/** What a create form or API call may set (shared/delphi/questions.ts): any of the four kinds' questions. */
export const questionsSchema = z
  .strictObject({ domain: question, subdomain: question, indicator: question, levels: question })
  .partial()
  .describe(
    "The question shown above the scale for each item kind (domain, subdomain, indicator, levels); a kind left out keeps its default.",
  );

export const newConsultationSchema = z
  .object({
    title: text(200),
    description: optionalText(5000).default(""),
    modelSlug: text(100),
    modelVersion: z.coerce.number().int().positive().optional(),
    scalePoints: z.coerce
      .number()
      .refine((n) => n === 5 || n === 9, { error: "expected 5 or 9" })
      .default(5),
    rulePreset: z
      .enum(Object.keys(CONSENSUS_PRESETS) as [string, ...string[]], {
        error: `expected one of ${Object.keys(CONSENSUS_PRESETS).join(", ")}`,
      })
      .optional(),
    rule: consensusRuleSchema.optional(),
    /** Replace the preset's (or `rule`'s) minimum of answers per item / add a stopping rule to it. */
    minAnswers: minAnswersSchema.optional(),
    stopping: stoppingRuleSchema.optional(),
    anonymity: z.enum(ANONYMITY_MODES, { error: "expected anonymous or quasi-anonymous" }).default("anonymous"),
    items: z
      .union([z.enum(ITEM_PRESETS), z.array(text(50)).min(1, { error: "choose at least 1 item" })], {
        error: `expected ${ITEM_PRESETS.join(", ")} or a list of item keys`,
      })
      .default("indicators+levels")
      .describe(
        'A preset, or the keys of exactly the items to rate, e.g. ["I", "I.1", "I.1.1", "I.1.1/levels"]: a domain, subdomain or indicator by its key (as in GET /models/{slug}), an indicator\'s five level descriptors by its key + "/levels". An unknown key is a 400 naming it.',
      ),
    deadline: dateSchema().optional(),
    reminderHours: reminderHoursSchema.optional(),
    minGroupSize: minGroupSizeSchema.default(DEFAULT_MIN_GROUP_SIZE),
    questions: questionsSchema.optional(),
    openRound: z
      .boolean({ error: "expected true or false" })
      .default(false)
      .describe(
        "Round 1 is an open round, as classic Delphi studies start: no ratings, only comments on the draft model and panel proposals; round 2 rates the model as the moderators revised it",
      ),
    design: z
      .enum(STUDY_DESIGNS, { error: `expected one of ${STUDY_DESIGNS.join(", ")}` })
      .default("rounds")
      .describe(
        '"rounds": classic rounds; "realtime": one real-time window (Gordon & Pease 2006) from opening to `deadline`, answers revisable and the group\'s figures shown live; "realtime+confirmation": the same, then a classic confirmation round',
      ),
  })
  .refine(remindersHaveDeadline, REMINDERS_NEED_DEADLINE)
  .superRefine((c, ctx) => {
    if (!isRealtimeDesign(c.design)) return;
    if (!c.deadline)
      ctx.addIssue({ code: "custom", path: ["deadline"], message: "a real-time window needs its end (deadline)" });
    if (c.openRound)
      ctx.addIssue({
        code: "custom",
        path: ["openRound"],
        message: "a real-time study starts with its window, not an open round",
      });
  });
export type NewConsultation = z.input<typeof newConsultationSchema>;

export const panellistSchema = z.object({
  name: text(200),
  email: z.email({ error: "expected an email address" }).transform((e) => e.toLowerCase()),
  stakeholderType: z.enum(STAKEHOLDER_TYPES, { error: `expected one of: ${STAKEHOLDER_TYPES.join("; ")}` }),
  country: optionalText(100)
    .transform((s) => s || null)
    .nullable()
    .default(null),
  gender: optionalText(50)
    .transform((s) => s || null)
    .nullable()
    .default(null),
  expertise: optionalText(200)
    .transform((s) => s || null)
    .nullable()
    .default(null),
  /** the language of their mails and interface until they choose one themselves; empty: as their browser asks */
  language: z
    .union([z.enum(LANGUAGES), z.literal("")], { error: `expected one of: ${LANGUAGES.join(", ")}` })
    .transform((s) => s || null)
    .nullable()
    .default(null),
});
export type NewPanellist = z.input<typeof panellistSchema>;

export const ratingSchema = z.strictObject({
  /** A scale point, or null for "no opinion / cannot judge". */
  value: z.number({ error: "expected a scale point or null" }).int({ error: "expected a whole number" }).nullable(),
  comment: wellFormedText().max(5000, { error: "at most 5000 characters" }).default(""),
  suggestion: wellFormedText().max(5000, { error: "at most 5000 characters" }).default(""),
});
export type RatingInput = z.input<typeof ratingSchema>;

export const nextRoundSchema = z
  .object({
    items: z
      .array(
        z.object({
          key: text(60),
          /** New wording; omitted = re-evaluate unchanged. For "levels" items: an array of 5 texts. */
          wording: z.union([text(5000), z.array(text(2000)).length(5, { error: "expected 5 level texts" })]).optional(),
        }),
      )
      .min(1, { error: "carry at least 1 item into the next round" }),
    deadline: dateSchema().optional(),
    reminderHours: reminderHoursSchema.optional(),
  })
  .refine(remindersHaveDeadline, REMINDERS_NEED_DEADLINE);
export type NextRoundInput = z.input<typeof nextRoundSchema>;
