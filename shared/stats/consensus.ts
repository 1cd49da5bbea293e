// Declarative consensus rules: a minimum of answers per item, then an ordered list of clauses, first match
// wins. Rules are plain data so study protocols can be stored, shown to panellists and audited; evaluation
// explains its decision. The stopping rule (./stopping.ts) travels in the same JSON and is locked with it.

import { type ItemFigures, itemFigures } from "./descriptive.js";
import { type RandDisagreement, randDisagreement } from "./rand-ucla.js";
import type { Answer, Scale } from "./scale.js";
import { type ConsensusStatus, RULE_STATUSES, type RuleStatus } from "./statuses.js";
import { type StoppingRule, assertValidStoppingRule } from "./stopping.js";

export { CONSENSUS_STATUSES, type ConsensusStatus, RULE_STATUSES, type RuleStatus } from "./statuses.js";

/**
 * Minimum rated answers ("no opinion" does not count) an item needs before a clause may apply: `count`
 * answers, and/or `panelPct` % of the round's panel (rounded up); with both, the larger. Rules stored
 * without it (before the field existed) get DEFAULT_MIN_ANSWERS, the presets' minimum.
 */
export interface MinAnswers {
  count?: number;
  panelPct?: number;
}
export const DEFAULT_MIN_ANSWERS: Readonly<MinAnswers> = { count: 3 };

type NumericFigure =
  | "agreePct"
  | "disagreePct"
  | "neutralPct"
  | "median"
  | "q1"
  | "q3"
  | "iqr"
  | "mean"
  | "sd"
  | "cv"
  | "nRated"
  | "nNoOpinion";
export type FigureName = NumericFigure | "randDisagreement";
export type Operator = ">=" | ">" | "<=" | "<" | "==" | "!=";

export interface Condition {
  figure: FigureName;
  op: Operator;
  value: number | boolean;
}

export interface RuleClause {
  status: RuleStatus;
  /** All conditions must hold; an empty list always matches (a catch-all clause). */
  when: Condition[];
  label?: string;
}

export interface ConsensusRule {
  id?: string;
  name?: string;
  clauses: RuleClause[];
  /** Round percentage figures to whole numbers (Math.round) before comparing, as many protocols report them. */
  roundPercentages?: boolean;
  /** Status when no clause matches; defaults to "reevaluate". */
  fallback?: RuleStatus;
  /** Below this many rated answers the status is "insufficient"; absent: DEFAULT_MIN_ANSWERS. */
  minAnswers?: MinAnswers;
  /** When the study should end, fixed before round 1 with the rest of the rule (./stopping.ts). */
  stopping?: StoppingRule;
}

/** What the rule needs to know about the round besides the item's answers. */
export interface EvaluationContext {
  /** Panellists of the round (for a minimum given as a share of the panel). */
  panelSize?: number;
}

/** What a rule can look at; null means "not available" (nothing rated, RAND/UCLA on a 5-point scale, SD of one rating). */
export type ConsensusFigures = Pick<ItemFigures, NumericFigure> & { randDisagreement: boolean | null };

export interface ConsensusEvaluation {
  status: ConsensusStatus;
  /** Index of the matching clause, or null when the fallback applied. */
  clauseIndex: number | null;
  /** Human-readable justification naming the clause and the actual figures. */
  reason: string;
}

const PERCENT_FIGURES: ReadonlySet<FigureName> = new Set(["agreePct", "disagreePct", "neutralPct"]);

const FIGURE_LABELS: Record<FigureName, string> = {
  agreePct: "agreement",
  disagreePct: "disagreement",
  neutralPct: "neutral",
  median: "median",
  q1: "Q1",
  q3: "Q3",
  iqr: "IQR",
  mean: "mean",
  sd: "SD",
  cv: "CV",
  nRated: "rated answers",
  nNoOpinion: "no-opinion answers",
  randDisagreement: "RAND/UCLA disagreement",
};

const OPERATOR_SYMBOLS: Record<Operator, string> = { ">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "=", "!=": "≠" };

export function consensusFigures(answers: readonly Answer[], scale: Scale): ConsensusFigures {
  return consensusFiguresOf(itemFigures(answers, scale), randDisagreement(answers, scale));
}

/** The figures a rule reads, from an item's figures already computed (round close computes them once). */
export function consensusFiguresOf(f: ItemFigures, rand: RandDisagreement | null): ConsensusFigures {
  return {
    agreePct: f.agreePct,
    disagreePct: f.disagreePct,
    neutralPct: f.neutralPct,
    median: f.median,
    q1: f.q1,
    q3: f.q3,
    iqr: f.iqr,
    mean: f.mean,
    sd: f.sd,
    cv: f.cv,
    nRated: f.nRated,
    nNoOpinion: f.nNoOpinion,
    randDisagreement: rand?.disagreement ?? null,
  };
}

/** Throws a TypeError describing the first malformed part (clause, minimum of answers, stopping rule). */
export function assertValidRule(rule: ConsensusRule): void {
  if (rule.fallback !== undefined && !RULE_STATUSES.includes(rule.fallback)) {
    throw new TypeError(`unknown fallback status "${rule.fallback}"`);
  }
  if (rule.minAnswers !== undefined) assertValidMinAnswers(rule.minAnswers);
  if (rule.stopping !== undefined) assertValidStoppingRule(rule.stopping);
  rule.clauses.forEach((clause, i) => {
    const where = `clause ${i + 1}`;
    if (!RULE_STATUSES.includes(clause.status)) throw new TypeError(`${where}: unknown status "${clause.status}"`);
    for (const c of clause.when) {
      if (!(c.figure in FIGURE_LABELS)) throw new TypeError(`${where}: unknown figure "${c.figure}"`);
      if (!(c.op in OPERATOR_SYMBOLS)) throw new TypeError(`${where}: unknown operator "${c.op}"`);
      const booleanFigure = c.figure === "randDisagreement";
      if (booleanFigure !== (typeof c.value === "boolean")) {
        throw new TypeError(`${where}: ${c.figure} must be compared with a ${booleanFigure ? "boolean" : "number"}`);
      }
      if (booleanFigure && c.op !== "==" && c.op !== "!=") {
        throw new TypeError(`${where}: ${c.figure} only supports == and !=`);
      }
      if (!booleanFigure && !Number.isFinite(c.value)) throw new TypeError(`${where}: threshold must be finite`);
    }
  });
}

function assertValidMinAnswers(m: MinAnswers): void {
  const { count, panelPct } = m;
  if (count === undefined && panelPct === undefined) {
    throw new TypeError("minAnswers: give count, panelPct or both");
  }
  if (count !== undefined && !(Number.isInteger(count) && count >= 1 && count <= 100_000)) {
    throw new TypeError(`minAnswers.count: expected a whole number from 1 to 100000, got ${count}`);
  }
  if (panelPct !== undefined && !(Number.isFinite(panelPct) && panelPct > 0 && panelPct <= 100)) {
    throw new TypeError(`minAnswers.panelPct: expected a percentage above 0 and at most 100, got ${panelPct}`);
  }
}

/** The rated answers an item needs under `rule` (its minAnswers, or DEFAULT_MIN_ANSWERS). */
export function requiredAnswers(rule: ConsensusRule, context: EvaluationContext = {}): number {
  const { count, panelPct } = rule.minAnswers ?? DEFAULT_MIN_ANSWERS;
  if (panelPct === undefined) return count ?? 0;
  if (context.panelSize === undefined) throw new RangeError("minAnswers.panelPct needs the panel size");
  return Math.max(count ?? 0, Math.ceil((panelPct * context.panelSize) / 100));
}

/** "at least 3 rated answers", "at least 60 % of the panel (rated answers), and at least 3": for reports. */
export function describeMinAnswers(rule: ConsensusRule): string {
  const { count, panelPct } = rule.minAnswers ?? DEFAULT_MIN_ANSWERS;
  const parts = [
    ...(count !== undefined ? [`${count} rated answer${count === 1 ? "" : "s"}`] : []),
    ...(panelPct !== undefined ? [`${formatNumber(panelPct)} % of the panel (rounded up)`] : []),
  ];
  return `at least ${parts.join(" and at least ")}`;
}

export function evaluateRule(
  rule: ConsensusRule,
  figures: ConsensusFigures,
  context: EvaluationContext = {},
): ConsensusEvaluation {
  assertValidRule(rule);
  const required = requiredAnswers(rule, context);
  if (figures.nRated < required) {
    const share =
      rule.minAnswers?.panelPct !== undefined ? ` (${describeMinAnswers(rule)}, panel of ${context.panelSize})` : "";
    return {
      status: "insufficient",
      clauseIndex: null,
      reason: `insufficient answers: ${figures.nRated} rated answer${figures.nRated === 1 ? "" : "s"}, the rule needs at least ${required}${share}`,
    };
  }
  for (const [i, clause] of rule.clauses.entries()) {
    const checks = clause.when.map((c) => checkCondition(c, figures, rule.roundPercentages ?? false));
    if (checks.every((c) => c.holds)) {
      const head = `${clause.status} (clause ${i + 1}${clause.label ? `, ${clause.label}` : ""})`;
      const detail = checks.length === 0 ? "no earlier clause matched" : checks.map((c) => c.text).join(" and ");
      return { status: clause.status, clauseIndex: i, reason: `${head}: ${detail}` };
    }
  }
  const status = rule.fallback ?? "reevaluate";
  return { status, clauseIndex: null, reason: `${status}: no clause matched (rule default)` };
}

export function evaluateItem(
  rule: ConsensusRule,
  answers: readonly Answer[],
  scale: Scale,
  context: EvaluationContext = {},
): ConsensusEvaluation {
  return evaluateRule(rule, consensusFigures(answers, scale), context);
}

function checkCondition(
  c: Condition,
  figures: ConsensusFigures,
  roundPercentages: boolean,
): { holds: boolean; text: string } {
  const raw = figures[c.figure];
  const label = FIGURE_LABELS[c.figure];
  const symbol = OPERATOR_SYMBOLS[c.op];
  if (raw === null || raw === undefined) return { holds: false, text: `${label} not available` };
  if (typeof raw === "boolean") {
    const holds = c.op === "==" ? raw === c.value : raw !== c.value;
    return { holds, text: `${label} ${yesNo(raw)} ${symbol} ${yesNo(c.value as boolean)}` };
  }
  const isPercent = PERCENT_FIGURES.has(c.figure);
  const actual = isPercent && roundPercentages ? Math.round(raw) : raw;
  const unit = isPercent ? " %" : "";
  const shownRaw = actual !== raw ? ` (${formatNumber(raw)}${unit})` : "";
  return {
    holds: compare(actual, c.op, c.value as number),
    text: `${label} ${formatNumber(actual)}${unit}${shownRaw} ${symbol} ${formatNumber(c.value as number)}${unit}`,
  };
}

function compare(actual: number, op: Operator, threshold: number): boolean {
  switch (op) {
    case ">=":
      return actual >= threshold;
    case ">":
      return actual > threshold;
    case "<=":
      return actual <= threshold;
    case "<":
      return actual < threshold;
    case "==":
      return actual === threshold;
    case "!=":
      return actual !== threshold;
  }
}

function formatNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toFixed(2)));
}

function yesNo(b: boolean): string {
  return b ? "yes" : "no";
}

// ---------------------------------------------------------------------------------------------
// Presets

/** Beyond 1 Million Genomes (B1MG) maturity level model Delphi, 2021; percentages rounded (12/14 = 85.7 % → 86 %). */
export const B1MG_2021_RULE: ConsensusRule = {
  id: "b1mg-2021",
  name: "B1MG 2021",
  roundPercentages: true,
  minAnswers: { ...DEFAULT_MIN_ANSWERS },
  clauses: [
    { status: "validated", label: "agreement ≥ 86 %", when: [{ figure: "agreePct", op: ">=", value: 86 }] },
    {
      status: "validated",
      label: "agreement ≥ 79 % without disagreement",
      when: [
        { figure: "agreePct", op: ">=", value: 79 },
        { figure: "disagreePct", op: "==", value: 0 },
      ],
    },
    {
      status: "reformulate",
      label: "agreement < 86 % with disagreement ≥ 7 %",
      when: [
        { figure: "agreePct", op: "<", value: 86 },
        { figure: "disagreePct", op: ">=", value: 7 },
      ],
    },
    { status: "reevaluate", label: "otherwise", when: [] },
  ],
};

/** Validated when at least `threshold` % of rated answers agree (unrounded), otherwise re-evaluated. */
export function percentAgreementRule(threshold: number): ConsensusRule {
  return {
    id: `agreement-${threshold}`,
    name: `Agreement ≥ ${threshold} %`,
    minAnswers: { ...DEFAULT_MIN_ANSWERS },
    clauses: [
      {
        status: "validated",
        label: `agreement ≥ ${threshold} %`,
        when: [{ figure: "agreePct", op: ">=", value: threshold }],
      },
      { status: "reevaluate", label: "otherwise", when: [] },
    ],
  };
}

/** Central tendency and spread criterion for 5-point scales: median ≥ 4 and IQR ≤ 1. */
export const MEDIAN_IQR_RULE: ConsensusRule = {
  id: "median-iqr",
  name: "Median ≥ 4 and IQR ≤ 1",
  minAnswers: { ...DEFAULT_MIN_ANSWERS },
  clauses: [
    {
      status: "validated",
      label: "median ≥ 4 and IQR ≤ 1",
      when: [
        { figure: "median", op: ">=", value: 4 },
        { figure: "iqr", op: "<=", value: 1 },
      ],
    },
    { status: "reevaluate", label: "otherwise", when: [] },
  ],
};

/** RAND/UCLA: "appropriate" = median 7–9 without disagreement (IPRAS test); 9-point scales only. */
export const RAND_UCLA_RULE: ConsensusRule = {
  id: "rand-ucla",
  name: "RAND/UCLA appropriateness",
  minAnswers: { ...DEFAULT_MIN_ANSWERS },
  clauses: [
    {
      status: "validated",
      label: "appropriate: median 7–9 without disagreement",
      when: [
        { figure: "median", op: ">=", value: 7 },
        { figure: "randDisagreement", op: "==", value: false },
      ],
    },
    { status: "reevaluate", label: "otherwise", when: [] },
  ],
};

export const CONSENSUS_PRESETS: Readonly<Record<string, ConsensusRule>> = {
  "b1mg-2021": B1MG_2021_RULE,
  "agreement-70": percentAgreementRule(70),
  "agreement-75": percentAgreementRule(75),
  "agreement-80": percentAgreementRule(80),
  "median-iqr": MEDIAN_IQR_RULE,
  "rand-ucla": RAND_UCLA_RULE,
};
