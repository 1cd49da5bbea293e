// The study report a method team attaches to a publication: panel composition with its gaps, participation
// per round, the consensus definition fixed in advance, results and outcomes per round, moderator
// overrides, anonymity, and a CREDES/ACCORD checklist. Built once as data; the page and the PDF render it.
// It never contains a name, an email or an account id: observers may read it in anonymous studies.
import PDFDocument from "pdfkit";
import { GlyphCoverage, PDF_FONTS } from "./pdf-fonts.server.js";
import { completionCounts } from "../../shared/delphi/completion.js";
import type { Db } from "../../server/db/client.js";
import { STAKEHOLDER_TYPES } from "../../shared/delphi/schemas.js";
import {
  formatChange,
  formatCoefficient,
  formatDateTime,
  formatP,
  formatPct,
  REPORT_SECTIONS,
  statusLabel,
  type ReportSection,
} from "../../shared/export/format.js";
import {
  CONSENSUS_STATUSES,
  type Condition,
  type ConsensusRule,
  type ConsensusStatus,
  type FigureName,
  describeMinAnswers,
} from "../../shared/stats/consensus.js";
import {
  cellTexts,
  compositionColumns,
  OUTCOME_COLUMNS,
  OVERRIDE_COLUMNS,
  PARTICIPATION_COLUMNS,
  RESTRUCTURING_COLUMNS,
  RESULT_COLUMNS,
  type ReportColumn,
} from "../../shared/export/report-tables.js";
import { describeStoppingRule } from "../../shared/stats/stopping.js";
import { defaultScale, type ScalePoints } from "../../shared/stats/scale.js";
import { suppressBySize, suppressedLabel } from "../../shared/stats/subgroups.js";
import { requireRole } from "./access.server.js";
import { consultationLanguages } from "./consultation.server.js";
import { commentsInOtherLanguages } from "./translated-comments.server.js";
import { proposalSummary } from "./proposal.server.js";
import { restructuringSteps } from "./export.server.js";
import { auditChainHead } from "./audit.server.js";
import type { StoredFigures } from "./round.server.js";
import { studyStability, type StudyStability } from "./stability.server.js";
import { studyEnding } from "./stopping.server.js";
import type { SessionUser } from "./user.server.js";

// ---------------------------------------------------------------------------------------------
// The consensus rule in words

const FIGURE_WORDS: Record<FigureName, string> = {
  agreePct: "agreement",
  disagreePct: "disagreement",
  neutralPct: "the share of neutral ratings",
  median: "the median",
  q1: "the first quartile",
  q3: "the third quartile",
  iqr: "the interquartile range (IQR)",
  mean: "the mean",
  sd: "the standard deviation",
  cv: "the coefficient of variation",
  nRated: "the number of rated answers",
  nNoOpinion: "the number of “no opinion” answers",
  randDisagreement: "RAND/UCLA disagreement",
};

const OPERATOR_WORDS = {
  ">=": "is at least",
  ">": "is above",
  "<=": "is at most",
  "<": "is below",
  "==": "is",
  "!=": "is not",
};

const STATUS_WORDS: Record<ConsensusStatus, string> = {
  validated: "validated (consensus reached)",
  reformulate: "to be reformulated",
  reevaluate: "to be re-evaluated in the next round",
  dropped: "dropped",
  insufficient: "left undecided for insufficient answers (treated as to be re-evaluated)",
};

function conditionWords(c: Condition): string {
  if (c.figure === "randDisagreement") {
    const present = c.op === "==" ? c.value === true : c.value !== true;
    return present
      ? "the panel disagrees by the RAND/UCLA IPRAS test"
      : "the panel does not disagree by the RAND/UCLA IPRAS test";
  }
  const percent = c.figure === "agreePct" || c.figure === "disagreePct" || c.figure === "neutralPct";
  return `${FIGURE_WORDS[c.figure]} ${OPERATOR_WORDS[c.op]} ${String(c.value)}${percent ? " %" : ""}`;
}

/** The rule as sentences a reader of the publication can check, scale and rounding included. */
export function describeConsensusRule(rule: ConsensusRule, scalePoints: number): string[] {
  const scale = defaultScale(scalePoints as ScalePoints);
  const sentences = [
    `Panellists rated each item on a ${scale.points}-point scale (1–${scale.points}), or answered “no opinion / cannot judge”.`,
    `Agreement is a rating of ${scale.agreeFrom}–${scale.points}, disagreement a rating of 1–${scale.disagreeTo}` +
      (scale.agreeFrom - scale.disagreeTo > 1
        ? `, neutral ${scale.disagreeTo + 1}${scale.agreeFrom - scale.disagreeTo > 2 ? `–${scale.agreeFrom - 1}` : ""}.`
        : "."),
    "Percentages are shares of the rated answers: “no opinion” answers are counted apart, never as neutral. " +
      "Medians and quartiles follow R's quantile type 7.",
  ];
  if (rule.roundPercentages)
    sentences.push("Percentages are rounded to whole numbers before they are compared (85.7 % counts as 86 %).");
  sentences.push(
    `Minimum of answers: an item needs ${describeMinAnswers(rule)} (“no opinion” does not count); with fewer, its computed status is “insufficient answers”, never validated, and no clause is checked.`,
    `Rule “${rule.name ?? rule.id ?? "custom"}”: the clauses below are checked in order and the first that applies decides an item's status.`,
  );
  rule.clauses.forEach((clause, i) => {
    const head = `Clause ${i + 1}${clause.label ? ` (${clause.label})` : ""}: `;
    sentences.push(
      clause.when.length === 0
        ? `${head}any other item is ${STATUS_WORDS[clause.status]}.`
        : `${head}an item is ${STATUS_WORDS[clause.status]} when ${clause.when.map(conditionWords).join(" and ")}.`,
    );
  });
  if (rule.clauses.every((c) => c.when.length > 0))
    sentences.push(`When no clause applies, an item is ${STATUS_WORDS[rule.fallback ?? "reevaluate"]}.`);
  return sentences;
}

// ---------------------------------------------------------------------------------------------
// Stability and panel agreement in words

/** How the figures of the stability section are defined, for the reader of the publication. */
export const STABILITY_METHOD = [
  "Stability: for each item rated in two consecutive rounds, the panellists who gave it a scale point in both rounds " +
    "(“no opinion” on either side leaves the pair out); the share of them whose band (agree / neutral / disagree) changed, " +
    "the two-sided Wilcoxon signed-rank test of their paired ratings (as scipy.stats.wilcoxon of SciPy 1.17 computes it), " +
    "and the change of their IQR and agreement % from one round to the next.",
  "Panel agreement per round: Fleiss' kappa on the scale points and on the three bands, and Kendall's W with tie " +
    "correction, over the panellists who gave a scale point to every item of the round (a “no opinion” or an unanswered item leaves the panellist out).",
  "Answers of panellists who withdrew with their answers excluded are left out, as in every figure.",
];

/** What the checklist can say about stability and agreement from the study's data. */
function stabilityChecklist(s: StudyStability): Pick<ChecklistEntry, "coverage" | "note">[] {
  const compared = new Set(s.items.map((i) => i.round));
  const agreement = s.rounds.filter((r) => r.fleissKappaPoints !== null || r.kendallW !== null);
  const last = agreement.at(-1);
  return [
    compared.size
      ? {
          coverage: "yes",
          note: `${s.items.length} item comparisons between consecutive rounds (into round${compared.size > 1 ? "s" : ""} ${[...compared].join(", ")}): changed band %, Wilcoxon p, change in IQR and agreement.`,
        }
      : {
          coverage: s.rounds.length ? "partly" : "no",
          note: s.rounds.length
            ? "Only one round has closed: stability needs two consecutive closed rounds."
            : "No round has closed yet.",
        },
    last
      ? {
          coverage: "yes",
          note: `Fleiss' kappa and Kendall's W per round; round ${last.round}: kappa ${formatCoefficient(last.fleissKappaPoints)} (points), ${formatCoefficient(last.fleissKappaAgreement)} (bands), W ${formatCoefficient(last.kendallW)}, over ${last.nRaters} of ${last.nPanellists} panellists.`,
        }
      : {
          coverage: s.rounds.length ? "partly" : "no",
          note: s.rounds.length
            ? "Not defined for the closed rounds: fewer than two panellists rated every item."
            : "No round has closed yet.",
        },
  ];
}

// ---------------------------------------------------------------------------------------------
// The report as data

type StatusCounts = Record<ConsensusStatus, number>;
const zeroCounts = (): StatusCounts => ({ validated: 0, reformulate: 0, reevaluate: 0, dropped: 0, insufficient: 0 });

export type CompositionRow =
  | {
      /** The attribute value; null = not recorded. */
      value: string | null;
      invited: number;
      joined: number;
      /** Rated at least one item in some round. */
      tookPart: number;
    }
  | {
      value: string | null;
      invited: number;
      /** Below the minimum group size, whether its few panellists joined and took part is theirs to know. */
      joined: null;
      tookPart: null;
      note: string;
    };

export interface ChecklistEntry {
  guideline: "CREDES" | "ACCORD";
  item: string;
  /** The report sections that answer it. */
  sections: ReportSection[];
  coverage: "yes" | "partly" | "no";
  note: string;
}

function composition<K extends "stakeholderType" | "country" | "gender">(
  panel: {
    stakeholderType: string | null;
    country: string | null;
    gender: string | null;
    joined: boolean;
    tookPart: boolean;
  }[],
  attribute: K,
  minGroupSize: number,
  fixed: readonly string[] = [],
): CompositionRow[] {
  const rows = new Map<string | null, { value: string | null; invited: number; joined: number; tookPart: number }>(
    fixed.map((v) => [v, { value: v, invited: 0, joined: 0, tookPart: 0 }]),
  );
  for (const p of panel) {
    const value = p[attribute];
    const row = rows.get(value) ?? rows.set(value, { value, invited: 0, joined: 0, tookPart: 0 }).get(value)!;
    row.invited++;
    if (p.joined) row.joined++;
    if (p.tookPart) row.tookPart++;
  }
  const extra = [...rows.values()]
    .filter((r) => r.value !== null && !fixed.includes(r.value))
    .sort((a, b) => a.value!.localeCompare(b.value!));
  const unknown = rows.get(null);
  const all = [...fixed.map((v) => rows.get(v)!), ...extra, ...(unknown ? [unknown] : [])];
  // Who was invited is the panel's composition (CREDES asks for it); whether the one or two people of a
  // group joined or took part is not. Empty groups have nothing to hide and do not count.
  const invited = all.filter((r) => r.invited > 0);
  const hidden = new Set(invited.filter((_, i) => suppressBySize(invited, (r) => r.invited, minGroupSize)[i]));
  return all.map((r) =>
    hidden.has(r)
      ? { value: r.value, invited: r.invited, joined: null, tookPart: null, note: suppressedLabel(minGroupSize) }
      : r,
  );
}

/** What the gaps sentence cannot say: the stakeholder types whose participation is suppressed ("" if none). */
function notShown(rows: CompositionRow[], minGroupSize: number): string {
  const hidden = rows.filter((r) => r.tookPart === null).map((r) => r.value ?? "not recorded");
  return hidden.length
    ? ` Whether anybody took part from ${hidden.join(", ")} is not shown (groups under ${minGroupSize} panellists).`
    : "";
}

/**
 * The design in words for CREDES/ACCORD: classic rounds, or for each real-time window its dates, the feedback the
 * panel saw and the rule that released it, answers and revisions (counts only).
 */
async function designOf(
  db: Db,
  c: { design: string; minGroupSize: number },
  rounds: {
    id: string;
    number: number;
    kind: string;
    openedAt: Date | null;
    closedAt: Date | null;
    deadline: Date | null;
  }[],
) {
  if (c.design === "rounds")
    return {
      design: c.design,
      sentences: ["Classic Delphi rounds: the panel answered each round once, with the previous round's feedback."],
    };
  const sentences = [
    c.design === "realtime"
      ? "Real-Time Delphi (Gordon & Pease 2006): no rounds, one window during which panellists answered and could revise any answer until it closed."
      : "Real-Time Delphi (Gordon & Pease 2006), followed by a classic confirmation round: one window during which panellists answered and could revise any answer, then one round answered once.",
  ];
  for (const r of rounds.filter((x) => x.kind === "realtime" && x.openedAt)) {
    const [revisions, snapshots] = await Promise.all([
      db.ratingRevision.groupBy({
        by: ["memberId"],
        where: { item: { roundId: r.id } },
        _count: { _all: true },
        _max: { revision: true },
      }),
      db.liveSnapshot.count({ where: { roundId: r.id } }),
    ]);
    const writes = revisions.reduce((n, x) => n + x._count._all, 0);
    const answers = await db.rating.count({ where: { item: { roundId: r.id } } });
    const revisers = revisions.filter((x) => (x._max.revision ?? 0) > 1).length;
    sentences.push(
      `Round ${r.number} was the real-time window: opened ${formatDateTime(r.openedAt!.toISOString())}, ` +
        (r.closedAt
          ? `closed ${formatDateTime(r.closedAt.toISOString())}`
          : `open${r.deadline ? ` until ${formatDateTime(r.deadline.toISOString())}` : ""}`) +
        `; ${answers} answers from ${revisions.length} panellists, with ${writes - answers} revisions after the first answer (${revisers} panellists revised at least once).`,
      "After answering an item, a panellist saw the panel's current distribution, median, interquartile range and agreement, the panel's anonymous reasons (sorted by text) and their own answer marked; when their answer lay outside the interquartile range they were asked, not obliged, to give a reason; items where the panel had moved since they answered were flagged.",
      `The group's figures were published in batches (every 2 seconds at most), for an item only once at least ${c.minGroupSize} panellists had answered it and ${c.minGroupSize} had answered or revised it since the previous publication, so that no difference between two publications isolates fewer panellists than the minimum group size; ${snapshots} publications in all.`,
      "Closing the window froze the final answers as this round's results; stability is measured between each panellist's first and last answer.",
    );
  }
  return { design: c.design, sentences };
}

/** The study report of a consultation (moderators and observers). */
export async function studyReport(db: Db, user: SessionUser, consultationId: string) {
  await requireRole(db, consultationId, user, ["moderator", "observer"]);
  const c = await db.consultation.findUniqueOrThrow({
    where: { id: consultationId },
    include: { modelVersion: { include: { model: true } } },
  });
  const rule = JSON.parse(c.consensusRule) as ConsensusRule;
  const rounds = await db.round.findMany({
    where: { consultationId },
    orderBy: { number: "asc" },
    include: {
      items: { orderBy: { position: "asc" }, include: { result: true } },
      completions: { select: { memberId: true } },
    },
  });
  const members = await db.member.findMany({
    where: { consultationId, role: "panellist" },
    select: { id: true, stakeholderType: true, country: true, gender: true, createdAt: true, joinedAt: true },
  });
  // Who rated anything, and how much, per round (ids stay in here: only counts leave this function).
  const startedBy = new Map<string, Set<string>>();
  const answeredBy = new Map<string, Map<string, number>>();
  for (const r of rounds) {
    const raters = await db.rating.groupBy({
      by: ["memberId"],
      where: { item: { roundId: r.id } },
      _count: { _all: true },
    });
    startedBy.set(r.id, new Set(raters.map((x) => x.memberId)));
    answeredBy.set(r.id, new Map(raters.map((x) => [x.memberId, x._count._all])));
  }
  const everStarted = new Set([...startedBy.values()].flatMap((s) => [...s]));
  const panel = members.map((m) => ({
    stakeholderType: m.stakeholderType,
    country: m.country,
    gender: m.gender,
    joined: m.joinedAt !== null,
    tookPart: everStarted.has(m.id),
  }));
  const byStakeholderType = composition(panel, "stakeholderType", c.minGroupSize, STAKEHOLDER_TYPES);
  const now = new Date();

  const participation = rounds
    .filter((r) => r.openedAt)
    .map((r, i, opened) => {
      const until = r.closedAt ?? now;
      const invited = members.filter((m) => m.createdAt <= until).length;
      // Complete: submitted with every item answered; partial: some answers but not that (completion.ts).
      const counts = completionCounts(
        members.map((m) => ({
          answered: answeredBy.get(r.id)!.get(m.id) ?? 0,
          submitted: r.completions.some((c) => c.memberId === m.id),
        })),
        r.items.length,
      );
      const completed = counts.complete;
      const previousRound = i > 0 ? opened[i - 1]! : null;
      const previous = previousRound
        ? completionCounts(
            members.map((m) => ({
              answered: answeredBy.get(previousRound.id)!.get(m.id) ?? 0,
              submitted: previousRound.completions.some((c) => c.memberId === m.id),
            })),
            previousRound.items.length,
          ).complete
        : null;
      return {
        round: r.number,
        status: r.status,
        openedAt: r.openedAt?.toISOString() ?? null,
        closedAt: r.closedAt?.toISOString() ?? null,
        items: r.items.length,
        invited,
        joined: members.filter((m) => m.joinedAt && m.joinedAt <= until).length,
        started: startedBy.get(r.id)!.size,
        completed,
        /** Started but not complete: submitted with items left blank, or still answering. */
        partial: counts.partial,
        submittedPartial: counts.submittedPartial,
        /** Completed as % of invited. */
        responseRate: invited ? (completed * 100) / invited : null,
        /** Completed as % of the previous round's completers. */
        retention: previous ? (completed * 100) / previous : null,
      };
    });

  const closed = rounds.filter((r) => r.status === "closed" || r.status === "published");
  const results = closed.map((r) => ({
    round: r.number,
    status: r.status,
    closedAt: r.closedAt?.toISOString() ?? null,
    items: r.items.map((i) => {
      const f = i.result ? (JSON.parse(i.result.figures) as StoredFigures).overall : null;
      return {
        key: i.key,
        kind: i.kind,
        n: f?.nRated ?? 0,
        nNoOpinion: f?.nNoOpinion ?? 0,
        agreePct: f?.agreePct ?? null,
        median: f?.median ?? null,
        iqr: f?.iqr ?? null,
        status: (i.result?.status ?? null) as ConsensusStatus | null,
        decision: (i.result?.decision ?? null) as ConsensusStatus | null,
      };
    }),
  }));

  const outcomes = results.map((r) => {
    const computed = zeroCounts();
    const final = zeroCounts();
    let undecided = 0;
    for (const i of r.items) {
      if (i.status) computed[i.status]++;
      if (i.decision) final[i.decision]++;
      else undecided++;
    }
    return { round: r.round, items: r.items.length, computed, final, undecided };
  });

  const overrides = closed.flatMap((r) =>
    r.items
      .filter((i) => i.result?.decision && i.result.decision !== i.result.status)
      .map((i) => ({
        round: r.number,
        key: i.key,
        computed: i.result!.status as ConsensusStatus,
        decision: i.result!.decision as ConsensusStatus,
        rationale: i.result!.rationale ?? "",
      })),
  );

  // What became of the items without consensus: carried into the next round (reworded or not), or not.
  const nonConsensus = closed.map((r) => {
    const next = rounds.find((x) => x.number === r.number + 1);
    const carried = new Map((next?.items ?? []).map((i) => [i.key, i]));
    const open = r.items.filter((i) => i.result && (i.result.decision ?? i.result.status) !== "validated");
    const byFinal = zeroCounts();
    let reworded = 0;
    let unchanged = 0;
    for (const i of open) {
      byFinal[(i.result!.decision ?? i.result!.status) as ConsensusStatus]++;
      const n = carried.get(i.key);
      if (n && n.wording === i.wording) unchanged++;
      else if (n) reworded++;
    }
    const notCarried = open.length - reworded - unchanged;
    const text = !open.length
      ? `Round ${r.number}: every rated item reached consensus.`
      : `Round ${r.number}: ${open.length} of ${r.items.length} items did not reach consensus ` +
        `(${CONSENSUS_STATUSES.filter((s) => s !== "validated" && byFinal[s])
          .map((s) => `${byFinal[s]} ${statusLabel(s)}`)
          .join(", ")}). ` +
        (next
          ? `${reworded + unchanged} went into round ${next.number} (${reworded} reworded, ${unchanged} unchanged); ${notCarried} did not.`
          : `No later round was held: ${byFinal.dropped ? "dropped items were removed; " : ""}the others stand as decided.`);
    return {
      round: r.number,
      notValidated: open.length,
      byFinal,
      carried: reworded + unchanged,
      reworded,
      unchanged,
      notCarried,
      text,
    };
  });

  const anonymity = {
    mode: c.anonymity,
    sentences: [
      "Panellists answered under a random pseudonym (“Expert 58”), unrelated to who they are or when they were invited; " +
        "other panellists never learnt who rated what, and the feedback between rounds showed aggregated figures and comments in an order that carries no identity.",
      c.anonymity === "anonymous"
        ? "The study was anonymous: moderators managed the panel as people but never saw which pseudonym, rating or comment was whose, nor who had or had not finished a round (only how many); observers never see identities."
        : "The study was quasi-anonymous: moderators could also see who had not yet finished a round (to remind them), never which pseudonym, rating or comment was whose; observers never see identities.",
      "Nobody, moderators and administrators included, could see an individual answer before its round closed.",
      `Figures of subgroups (stakeholder type, country, gender) with fewer than ${c.minGroupSize} panellists are suppressed, and so are attribute values that would single out fewer than ${c.minGroupSize} panellists in the exports.`,
      "This report and the exports contain no names, email addresses or account identifiers; ratings are exported by pseudonym.",
    ],
  };

  const design = await designOf(db, c, rounds);

  const versions = await db.modelVersion.findMany({
    where: { fromConsultationId: consultationId },
    orderBy: { number: "asc" },
    select: { number: true, createdAt: true },
  });
  const head = await auditChainHead(db, consultationId);
  const stability = await studyStability(db, consultationId);
  const [stabilityEntry, agreementEntry] = stabilityChecklist(stability);
  const gaps = byStakeholderType.filter((r) => r.value !== null && r.tookPart === 0);
  const ruleLockedAt = c.ruleLockedAt?.toISOString() ?? null;
  const ending = await studyEnding(db, consultationId, rule, stability);
  const stoppingCriteria = describeStoppingRule(rule.stopping);

  const checklist: ChecklistEntry[] = [
    {
      guideline: "CREDES",
      item: "Expert panel: selection criteria and characteristics of the experts",
      sections: ["panel"],
      coverage: "partly",
      note: "Composition by stakeholder type, country and gender, with gaps; the selection criteria are the authors' to state.",
    },
    {
      guideline: "CREDES",
      item: "Procedure: the stages of the Delphi process",
      sections: ["participation", "nonConsensus"],
      coverage: "partly",
      note:
        c.design === "rounds"
          ? "Rounds with dates and how items moved between them; a flowchart is the authors' to draw."
          : "A Real-Time Delphi: the window with its dates, revisions, the feedback shown and its release rule; how items moved on; a flowchart is the authors' to draw.",
    },
    {
      guideline: "CREDES",
      item: "Definition and attainment of consensus, set a priori",
      sections: ["consensus", "outcomes"],
      coverage: ruleLockedAt ? "yes" : "partly",
      note: ruleLockedAt
        ? `The rule was locked when round 1 opened (${formatDateTime(ruleLockedAt)}).`
        : "The rule is not locked yet: it becomes fixed when round 1 opens.",
    },
    {
      guideline: "CREDES",
      item: "Criteria for ending the Delphi (stopping rule), set a priori",
      sections: ["consensus"],
      coverage: rule.stopping && ruleLockedAt ? "yes" : "partly",
      note: !rule.stopping
        ? "No stopping rule was fixed with the consensus rule: the end of the study is the authors' to justify."
        : `Fixed with the consensus rule${ruleLockedAt ? ` and locked when round 1 opened` : ""}; the verdict after each round is reported. ${ending.text}`,
    },
    {
      guideline: "CREDES",
      item: "Results of each round, with response rates",
      sections: ["participation", "results"],
      coverage: "yes",
      note: "Invited, joined, started and completed per round; per-item figures and statuses per round.",
    },
    {
      guideline: "CREDES",
      item: "Stability of the results between rounds (part of the criteria for ending the Delphi)",
      sections: ["stability"],
      ...stabilityEntry!,
    },
    {
      guideline: "CREDES",
      item: "Discussion of methodological limitations",
      sections: [],
      coverage: "no",
      note: "For the authors; the panel gaps and attrition figures above inform it.",
    },
    {
      guideline: "ACCORD",
      item: "Participants: how they were selected and their characteristics",
      sections: ["panel"],
      coverage: "partly",
      note: "Characteristics and gaps are reported; recruitment is the authors' to describe.",
    },
    {
      guideline: "ACCORD",
      item: "Definition of consensus, decided before the process started",
      sections: ["consensus"],
      coverage: ruleLockedAt ? "yes" : "partly",
      note: "The rule in words, with the date it was locked.",
    },
    {
      guideline: "ACCORD",
      item: "Number of rounds and participation (response rate) in each round",
      sections: ["participation"],
      coverage: "yes",
      note: "Response rate = complete (submitted with every item answered) / invited, partial ones shown beside it; retention = complete / previous round's complete ones.",
    },
    {
      guideline: "ACCORD",
      item: "Outcome of each round",
      sections: ["results", "outcomes"],
      coverage: "yes",
      note: "Per item: n, agreement, median, IQR, computed status and the final decision.",
    },
    {
      guideline: "ACCORD",
      item: "Statistical analysis of agreement across the panel",
      sections: ["stability"],
      ...agreementEntry!,
    },
    {
      guideline: "ACCORD",
      item: "Items dropped, modified or added between rounds, and how non-consensus items were handled",
      sections: ["nonConsensus", "overrides"],
      coverage: "yes",
      note: "Carry-over and rewording per round; every moderator decision that departs from the rule, with its rationale.",
    },
    {
      guideline: "ACCORD",
      item: "Anonymity of participants",
      sections: ["anonymity"],
      coverage: "yes",
      note: `Mode: ${c.anonymity}.`,
    },
    {
      guideline: "ACCORD",
      item: "Limitations of the consensus process",
      sections: [],
      coverage: "no",
      note: "For the authors.",
    },
  ];

  return {
    generatedAt: now.toISOString(),
    consultation: {
      id: c.id,
      title: c.title,
      description: c.description,
      createdAt: c.createdAt.toISOString(),
      scalePoints: c.scalePoints,
      anonymity: c.anonymity,
      minGroupSize: c.minGroupSize,
      model: { slug: c.modelVersion.model.slug, name: c.modelVersion.model.name, version: c.modelVersion.number },
      /** The languages the panel could answer in, the model's own first. */
      languages: consultationLanguages(c.languages, c.modelVersion.language),
    },
    panel: {
      invited: panel.length,
      joined: panel.filter((p) => p.joined).length,
      tookPart: panel.filter((p) => p.tookPart).length,
      byStakeholderType,
      byCountry: composition(panel, "country", c.minGroupSize),
      byGender: composition(panel, "gender", c.minGroupSize),
      /** Stakeholder types without anyone who took part (with how many were invited). */
      gaps: gaps.map((g) => ({ stakeholderType: g.value!, invited: g.invited })),
      /** Stakeholder types too small to say whether anybody took part (neither a gap nor represented). */
      notShown: notShown(byStakeholderType, c.minGroupSize),
    },
    participation,
    consensus: {
      name: rule.name ?? rule.id ?? "custom rule",
      rule,
      sentences: describeConsensusRule(rule, c.scalePoints),
      lockedAt: ruleLockedAt,
    },
    /** The stopping rule (any one criterion says stop), each closed round's verdict and how the study ended. */
    stopping: {
      criteria: stoppingCriteria,
      sentence: stoppingCriteria.length
        ? `Stopping rule, fixed with the consensus rule: the study stops after a round when ${stoppingCriteria.length > 1 ? "any one of these holds: " : ""}${stoppingCriteria.join("; or ")}.`
        : "No stopping rule was fixed before round 1.",
      ...ending,
    },
    results,
    /** Comments written in another language than the model's, quoted with the item as the panel read it. */
    commentsInOtherLanguages: await commentsInOtherLanguages(db, c),
    outcomes,
    nonConsensus,
    overrides,
    /** The panel's proposals and what became of them (items added from proposals by key). */
    proposals: await proposalSummary(db, consultationId),
    /** What the moderators merged, split, moved, added or renamed between rounds, and why. */
    restructurings: await restructuringSteps(db, consultationId),
    /** How the study ran: classic rounds, or a real-time window (dates, revisions, feedback shown). */
    design,
    anonymity,
    versions: versions.map((v) => ({ version: v.number, publishedAt: v.createdAt.toISOString() })),
    audit: head ? { seq: head.seq, hash: head.hash, at: head.at.toISOString() } : null,
    stability: { method: STABILITY_METHOD, rounds: stability.rounds, items: stability.items },
    checklist,
  };
}
export type StudyReport = Awaited<ReturnType<typeof studyReport>>;

// ---------------------------------------------------------------------------------------------
// PDF

/** The report as a PDF (A4, embedded DejaVu Sans, tables that continue over pages). */
export async function studyReportPdf(report: StudyReport): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: "A4",
    margin: 50,
    info: {
      Title: `Study report: ${report.consultation.title}`,
      Subject: "Delphi consensus study report",
      Creator: "delphi-mlm",
    },
  });
  // Embedded fonts that cover the study's languages; what they cannot draw is named at the end, not replaced.
  doc.registerFont("Body", PDF_FONTS.regular).registerFont("Bold", PDF_FONTS.bold).font("Body");
  const coverage = new GlyphCoverage();
  const pdfText = (text: string) => coverage.text(text);
  const chunks: Uint8Array[] = [];
  doc.on("data", (chunk: Uint8Array) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on("end", () => resolve());
    doc.on("error", reject);
  });
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const left = doc.page.margins.left;

  const heading = (text: string, size = 13) => {
    if (doc.y > doc.page.height - 120) doc.addPage();
    doc.moveDown(0.8).font("Bold").fontSize(size).text(pdfText(text), left, doc.y, { width });
    doc.moveDown(0.3).font("Body").fontSize(9.5);
  };
  const paragraph = (text: string) =>
    doc.font("Body").fontSize(9.5).text(pdfText(text), left, doc.y, { width }).moveDown(0.3);
  const bullets = (lines: string[]) => lines.forEach((l) => paragraph(`• ${l}`));
  const table = (header: string[], rows: string[][], columns?: (number | string)[]) => {
    doc.font("Body").fontSize(8.5);
    doc.table({
      position: { x: left, y: doc.y },
      maxWidth: width,
      columnStyles: columns,
      rowStyles: (i) => (i === 0 ? { backgroundColor: "#e8eaf6" } : undefined),
      data: [
        header.map((h) => ({ text: pdfText(h), type: "TH" as const, font: { src: "Bold" } })),
        ...rows.map((r) => r.map(pdfText)),
      ],
    });
    doc.moveDown(0.5);
  };
  const columnTable = <Row>(columns: readonly ReportColumn<Row>[], rows: readonly Row[]) =>
    table(
      columns.map((c) => c.header),
      rows.map((row) => cellTexts(columns, row)),
      columns.map((c) => c.pdfWidth ?? "*"),
    );
  const r = report;
  const section = (id: ReportSection, n: number) => heading(`${n}. ${REPORT_SECTIONS[id]}`);

  doc
    .font("Bold")
    .fontSize(18)
    .text(pdfText(`Study report: ${r.consultation.title}`), { width });
  doc.moveDown(0.3);
  paragraph(
    `Delphi consultation on ${r.consultation.model.name} version ${r.consultation.model.version} · ` +
      `${r.consultation.scalePoints}-point scale · ${r.consultation.anonymity} · groups under ${r.consultation.minGroupSize} suppressed · generated ${formatDateTime(r.generatedAt)}`,
  );
  if (r.consultation.description) paragraph(r.consultation.description);

  section("panel", 1);
  paragraph(
    `${r.panel.invited} panellists invited, ${r.panel.joined} joined, ${r.panel.tookPart} took part (rated at least one item).`,
  );
  paragraph(
    (r.panel.gaps.length
      ? `Gaps: nobody took part from ${r.panel.gaps.map((g) => `${g.stakeholderType} (${g.invited} invited)`).join(", ")}.`
      : "Every stakeholder type is represented among those who took part.") + r.panel.notShown,
  );
  for (const [attribute, rows] of [
    ["Stakeholder type", r.panel.byStakeholderType],
    ["Country", r.panel.byCountry],
    ["Gender", r.panel.byGender],
  ] as const)
    columnTable(compositionColumns(attribute), rows);

  section("participation", 2);
  columnTable(PARTICIPATION_COLUMNS, r.participation);
  bullets(r.design.sentences);

  section("consensus", 3);
  bullets(r.consensus.sentences);
  paragraph(
    r.consensus.lockedAt
      ? `The definition was locked when round 1 opened, ${formatDateTime(r.consensus.lockedAt)}, and could not change afterwards.`
      : "The definition is not locked yet: it becomes fixed when round 1 opens.",
  );
  paragraph(r.stopping.sentence);
  if (r.stopping.verdicts.length)
    bullets(
      r.stopping.verdicts.map(
        (v) =>
          `After round ${v.round}: ${v.stop ? "the rule says stop" : "the rule says continue"} (${v.reasons.join("; ")}).`,
      ),
    );
  paragraph(r.stopping.text);

  section("results", 4);
  if (!r.results.length) paragraph("No round has closed yet.");
  for (const round of r.results) {
    doc
      .font("Bold")
      .fontSize(10.5)
      .text(pdfText(`Round ${round.round} (closed ${formatDateTime(round.closedAt)})`), left, doc.y, { width });
    doc.moveDown(0.2);
    columnTable(RESULT_COLUMNS, round.items);
  }
  if (r.commentsInOtherLanguages.length) {
    doc
      .font("Bold")
      .fontSize(10.5)
      .text(pdfText(`Comments in other languages than ${r.consultation.languages[0]!.toUpperCase()}`), left, doc.y, {
        width,
      });
    doc.moveDown(0.2);
    table(
      ["Round", "Item", "Language", "The item as the panellist read it", "Comment (verbatim)"],
      r.commentsInOtherLanguages.map((t) => [
        String(t.round),
        t.key,
        t.language.toUpperCase(),
        t.translated ? t.wording : `${t.wording} (not translated)`,
        t.comment,
      ]),
      [35, 55, 45, "*", "*"],
    );
  }

  section("outcomes", 5);
  paragraph("Computed by the rule -> final after the moderators' decisions (one number when both agree).");
  columnTable(OUTCOME_COLUMNS, r.outcomes);

  section("nonConsensus", 6);
  bullets(r.nonConsensus.map((n) => n.text));

  section("overrides", 7);
  if (!r.overrides.length) paragraph("The moderators followed the rule's computed status for every decided item.");
  else columnTable(OVERRIDE_COLUMNS, r.overrides);

  paragraph(r.proposals.sentence);
  if (r.restructurings.length) {
    paragraph("Restructurings of the model between rounds:");
    columnTable(RESTRUCTURING_COLUMNS, r.restructurings);
  }

  section("anonymity", 8);
  bullets(r.anonymity.sentences);

  section("versions", 9);
  paragraph(
    r.versions.length
      ? `The consensus was published as ${r.consultation.model.name} ${r.versions.map((v) => `version ${v.version} (${formatDateTime(v.publishedAt)})`).join(", ")}.`
      : "No model version has been published from this consultation yet.",
  );
  paragraph(
    r.audit
      ? `Audit trail head at the time of this report: event ${r.audit.seq}, SHA-256 ${r.audit.hash} (${formatDateTime(r.audit.at)}). ` +
          "Anyone can check later that the trail still contains this event unchanged (docs/audit.md)."
      : "The audit trail has no event yet.",
  );

  section("stability", 10);
  bullets(r.stability.method);
  if (!r.stability.rounds.length) paragraph("No round has closed yet.");
  else
    table(
      ["Round", "Panellists", "Rated every item", "Kappa (points)", "Kappa (bands)", "Kendall's W"],
      r.stability.rounds.map((a) => [
        String(a.round),
        String(a.nPanellists),
        String(a.nRaters),
        formatCoefficient(a.fleissKappaPoints),
        formatCoefficient(a.fleissKappaAgreement),
        formatCoefficient(a.kendallW),
      ]),
    );
  if (r.stability.items.length)
    table(
      ["Rounds", "Item", "Pairs", "Changed band %", "Wilcoxon p", "IQR change", "Agreement change (points)"],
      r.stability.items.map((i) => [
        `${i.previousRound} -> ${i.round}`,
        i.key,
        String(i.nPairs),
        formatPct(i.changedCategoryPct),
        formatP(i.wilcoxon.pValue),
        formatChange(i.iqrChange),
        formatChange(i.agreePctChange),
      ]),
      [45, 80, 35, 60, 55, 50, "*"],
    );

  heading("11. Reporting checklist (CREDES / ACCORD)");
  paragraph(
    "Which parts of this report answer the reporting items; “no” items are for the authors of the publication.",
  );
  table(
    ["Guideline", "Item", "Section", "Covered", "Note"],
    r.checklist.map((c) => [
      c.guideline,
      c.item,
      c.sections.map((s) => REPORT_SECTIONS[s]).join("; ") || "—",
      c.coverage,
      c.note,
    ]),
    [50, 130, 90, 45, "*"],
  );

  const notDrawn = coverage.notes();
  if (notDrawn.length) {
    heading("What this PDF cannot draw as written");
    notDrawn.forEach((note) => doc.font("Body").fontSize(9.5).text(note, left, doc.y, { width }).moveDown(0.3));
  }
  doc.end();
  await finished;
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return bytes;
}
