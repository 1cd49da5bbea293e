// What the main /api/v1 routes answer, as zod schemas: the OpenAPI document's response schemas are generated
// from these, the route table types its handlers by them, and outside production the dispatcher checks every
// answer against them (app/api/dispatch.server.ts), so the document cannot promise what the server does not send.
import { z } from "zod";
import {
  ANONYMITY_MODES,
  consensusRuleSchema,
  ITEM_KINDS,
  ratingSchema,
  ROUND_KINDS,
  ROUND_STATUSES,
  STUDY_DESIGNS,
} from "../../shared/delphi/schemas.js";
import { CONSENSUS_STATUSES, RULE_STATUSES } from "../../shared/stats/statuses.js";

const isoDateTime = z.iso.datetime({ offset: true }).describe("ISO 8601 date and time (UTC)");
const role = z.enum(["moderator", "panellist", "observer"]);
const roundStatus = z.enum(ROUND_STATUSES);
const itemKind = z.enum(ITEM_KINDS);
const count = z.number().int().min(0);
/** The question above the scale for each item kind, defaults filled in (shared/delphi/questions.ts). */
const questions = z.strictObject(
  Object.fromEntries(ITEM_KINDS.map((k) => [k, z.string()])) as Record<(typeof ITEM_KINDS)[number], z.ZodString>,
);

/** GET /consultations/{id}: a consultation as its member sees it. */
export const consultationViewSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  anonymity: z.enum(ANONYMITY_MODES),
  minGroupSize: z.number().int().min(1),
  design: z
    .enum(STUDY_DESIGNS)
    .describe("Classic rounds, one real-time window, or real-time then a confirmation round"),
  questions,
  scalePoints: z.number().int(),
  rule: consensusRuleSchema,
  ruleLocked: z.boolean().describe("The rule can no longer change (round 1 has opened)"),
  model: z.strictObject({ slug: z.string(), name: z.string(), version: z.number().int().min(1) }),
  languages: z
    .array(z.string())
    .min(1)
    .describe("BCP-47 tags the items can be read and answered in; the first is the model version's own"),
  role: role.describe("The caller's role; admins who are not members see it as moderators"),
  pseudonym: z.string().nullable().describe("The caller's own pseudonym, if a panellist"),
  rounds: z.array(
    z.strictObject({
      id: z.string(),
      number: z.number().int().min(1),
      status: roundStatus,
      kind: z.enum(ROUND_KINDS),
      deadline: isoDateTime.nullable(),
      openedAt: isoDateTime.nullable(),
      closedAt: isoDateTime.nullable(),
      items: count,
    }),
  ),
});

/** PUT /rounds/{id}/items/{itemId}/rating: the caller's rating as stored (request fields with defaults applied). */
export const ratingSavedSchema = ratingSchema.extend({ itemId: z.string(), savedAt: isoDateTime });

const diffPart = z.strictObject({ type: z.enum(["same", "added", "removed"]), text: z.string() });

/** What the panel answered in the round before, shown beside an item (unattributed). */
const itemFeedback = z.strictObject({
  counts: z.array(count).describe("Answers per scale point"),
  nRated: count,
  nNoOpinion: count,
  median: z.number().nullable(),
  agreePct: z.number().nullable(),
  ownPrevious: z.number().int().nullable().describe("The caller's own previous answer (null: no opinion)"),
  answeredPreviously: z.boolean(),
  comments: z.array(z.string()).describe("Sorted, never in answering order: nobody's k-th comment"),
  commentLanguages: z
    .array(z.string().nullable())
    .describe(
      "Beside each comment, the language it was written in, or null where that is not shown (its language had fewer answers on the item than the minimum group size)",
    ),
  suggestions: z.array(z.string()),
  previousWording: z.string(),
  diff: z.array(diffPart).describe("Word diff from the previous wording to this round's"),
  rationale: z.strictObject({ round: z.number().int(), text: z.string() }).nullable(),
});

/** A panel proposal as anyone allowed to read it sees it: never its author. */
const proposalView = z.strictObject({
  number: z.number().int().min(1),
  label: z.string().describe('"P-<number>"'),
  round: z.number().int().min(1),
  kind: z.enum(["indicator", "restructuring"]),
  target: z.string().describe("The domain or subdomain key it was made under"),
  statement: z.string().nullable(),
  levels: z.array(z.string()).nullable(),
  change: z.string().nullable(),
  reason: z.string(),
  outcome: z.enum(["accepted", "merged", "rejected"]).nullable(),
  rationale: z.string().nullable(),
  mergedWith: z.string().nullable(),
  acceptedAs: z.string().nullable().describe("An accepted indicator's key in the model as restructured so far"),
});

/** What a real-time round shows of the group on an item, as last published (app/models/live.server.ts). */
export const liveFiguresSchema = z.strictObject({
  counts: z.array(count),
  nRated: count,
  nNoOpinion: count,
  median: z.number().nullable(),
  q1: z.number().nullable(),
  q3: z.number().nullable(),
  iqr: z.number().nullable(),
  agreePct: z.number().nullable(),
  status: z.string().describe("The status the consultation's rule computes from these figures"),
  reason: z.string(),
});
const liveFeedback = z.strictObject({
  shown: z.boolean().describe("False until the minimum group size have answered (then figures are null)"),
  minGroupSize: z.number().int().min(1),
  figures: liveFiguresSchema.nullable(),
  comments: z.array(z.string()).describe("The panel's comments, sorted by text"),
  at: isoDateTime.nullable().describe("When these figures were published"),
  changedSinceAnswer: z.boolean().describe("The group's figures moved since the caller last answered"),
  outsideIqr: z.boolean().describe("The caller's answer lies outside the interquartile range"),
});

/** GET /rounds/{id}/live: a real-time round as moderators and observers watch it — published snapshots only. */
export const liveRoundViewSchema = z.strictObject({
  round: z.strictObject({
    id: z.string(),
    number: z.number().int().min(1),
    status: z.string(),
    openedAt: isoDateTime.nullable(),
    deadline: isoDateTime.nullable(),
    closedAt: isoDateTime.nullable(),
  }),
  consultation: z.strictObject({ id: z.string(), title: z.string(), minGroupSize: z.number().int().min(1) }),
  items: z.array(
    z.strictObject({
      id: z.string(),
      key: z.string(),
      kind: z.string(),
      wording: z.string(),
      figures: liveFiguresSchema.nullable().describe("Null until the minimum group size have answered"),
      answers: count.nullable(),
      revisions: count.nullable().describe("Answers revised after the first, as of the last snapshot"),
      at: isoDateTime.nullable(),
      series: z.array(
        z.strictObject({
          at: isoDateTime,
          agreePct: z.number().nullable(),
          iqr: z.number().nullable(),
          median: z.number().nullable(),
        }),
      ),
    }),
  ),
  consensus: z
    .array(z.strictObject({ at: isoDateTime, validated: count, dropped: count, shown: count }))
    .describe("Items the rule calls validated or dropped over time, from the snapshots"),
});

/** POST /rounds/{id}/extend */
export const extendedSchema = z.strictObject({ id: z.string(), deadline: isoDateTime });

/** GET /rounds/{id}: a round as its member answers it — the caller's own ratings only. */
export const roundViewSchema = z.strictObject({
  round: z.strictObject({
    id: z.string(),
    number: z.number().int().min(1),
    status: roundStatus,
    kind: z
      .enum(ROUND_KINDS)
      .describe(
        '"open": comments on the draft model and proposals only, no ratings; "realtime": a real-time window, answers revisable, the group\'s figures shown live',
      ),
    deadline: isoDateTime.nullable(),
  }),
  consultation: z.strictObject({
    id: z.string(),
    title: z.string(),
    scalePoints: z.number().int(),
    questions,
    languages: z.array(z.string()).min(1).describe("The languages offered, the model version's own first"),
  }),
  language: z
    .string()
    .describe(
      "The language the caller reads and answers the items in: their interface language if offered, else the source",
    ),
  role,
  pseudonym: z.string().nullable(),
  submitted: z.boolean(),
  titles: z.record(z.string(), z.string()).describe("Domain and subdomain titles by key"),
  restructured: z
    .array(z.strictObject({ key: z.string(), kind: z.string(), changes: z.array(z.string()) }))
    .describe("What restructuring did to the previous round's items; empty without one"),
  items: z.array(
    z.strictObject({
      id: z.string(),
      key: z.string(),
      kind: itemKind,
      wording: z
        .union([z.string(), z.array(z.string())])
        .describe("A text; for levels the five level texts — in `language`"),
      language: z
        .string()
        .describe("The language of `wording`: the caller's, or the source where the item has no translation into it"),
      sourceWording: z
        .union([z.string(), z.array(z.string())])
        .describe('The wording in the model\'s own language ("Show original wording")'),
      domainKey: z.string(),
      subdomainKey: z.string(),
      rating: z
        .strictObject({
          value: z.number().int().nullable(),
          comment: z.string(),
          suggestion: z.string(),
          savedAt: isoDateTime,
        })
        .nullable(),
      feedback: itemFeedback.nullable(),
      live: liveFeedback
        .nullable()
        .describe(
          "Real-time rounds: the group's figures as last published (batched; none below the minimum group size or before the caller answered)",
        ),
    }),
  ),
  outline: z.strictObject({
    total: count,
    answered: count,
    unanswered: z.array(z.strictObject({ id: z.string(), key: z.string(), part: z.number().int().min(1) })),
    parts: z.array(z.strictObject({ first: z.string(), last: z.string(), items: count, answered: count })),
    sections: z.array(
      z.strictObject({
        key: z.string(),
        title: z.string(),
        part: z.number().int().min(1),
        items: count,
        answered: count,
      }),
    ),
    part: z.number().int().min(0).nullable().describe("The part shown (0-based), null when all items are"),
    resumeAt: z.number().int().min(0).describe("The first part (0-based) with an unanswered item"),
  }),
  progress: z.strictObject({ finished: count, panel: count }),
  proposals: z
    .strictObject({
      current: z.array(proposalView),
      earlier: z.array(proposalView.extend({ outcomeText: z.string() })),
    })
    .describe("The caller's proposals: this round's (withdrawable while open), and earlier ones with their outcome"),
});

/** PUT /rounds/{id}/items/{itemId}/decision: the decision as recorded. */
export const decisionRecordedSchema = z.strictObject({
  itemId: z.string(),
  key: z.string(),
  status: z.enum(CONSENSUS_STATUSES as [string, ...string[]]).describe("The computed status"),
  decision: z.enum(RULE_STATUSES as [string, ...string[]]).describe("The status decided (accept resolved)"),
  rationale: z.string().nullable(),
  newWording: z.union([z.string(), z.array(z.string())]).nullable(),
  editorial: z.boolean().describe("A minor rewording that is not re-rated"),
  decidedAt: isoDateTime,
});

/** { ok: true } of the round transitions (open, close, publish) and revocations. */
export const okSchema = z.strictObject({ ok: z.literal(true) });
