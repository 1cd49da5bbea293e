// The stopping rule: when a Delphi study ends, fixed before round 1 with the consensus rule (CREDES/ACCORD ask
// for it in advance). Any one criterion that holds after a closed round says stop; the verdict names each
// criterion with the figures behind it, so the review page and the report can show why.

import { type ConsensusStatus, RULE_STATUSES, type RuleStatus } from "./statuses.js";

export interface StoppingRule {
  /** Stop when at least `pct` % of the round's items got one of `statuses` as computed status. */
  itemsReached?: { pct: number; statuses: RuleStatus[] };
  /**
   * Stop when every item still to be rated again (computed status neither validated nor dropped) is stable
   * against the round before: at most `maxChangedPct` % of the panellists who rated it in both rounds changed
   * agreement band, and the Wilcoxon signed-rank p-value is at least `minWilcoxonP`.
   */
  stability?: { maxChangedPct: number; minWilcoxonP: number };
  /** Stop once this round has closed, whatever the figures. */
  maxRounds?: number;
}

/** An item of the closed round, with its stability since the previous round (null: not in that round). */
export interface StoppingItem {
  key?: string;
  status: ConsensusStatus;
  stability: {
    nPairs: number;
    changedCategoryPct: number | null;
    wilcoxonP: number | null;
    /** Pairs whose rating changed: with none, SciPy's p may be undefined, yet nothing moved. */
    nNonZero: number;
  } | null;
}

export interface StoppingVerdict {
  stop: boolean;
  /** One sentence per criterion, met or not, with the figures. */
  reasons: string[];
}

const STATUS_WORDS: Record<RuleStatus, string> = {
  validated: "validated",
  reformulate: "to reformulate",
  reevaluate: "to re-evaluate",
  dropped: "dropped",
};
/** Items with these computed statuses are not rated again, so they need no stability. */
const SETTLED: ReadonlySet<ConsensusStatus> = new Set(["validated", "dropped"]);
const NAMED_ITEMS = 5;

/** Throws a TypeError naming the first malformed criterion. */
export function assertValidStoppingRule(rule: StoppingRule): void {
  const { itemsReached, stability, maxRounds } = rule;
  if (itemsReached === undefined && stability === undefined && maxRounds === undefined) {
    throw new TypeError("stopping: give at least one of itemsReached, stability, maxRounds");
  }
  if (itemsReached !== undefined) {
    if (!(Number.isFinite(itemsReached.pct) && itemsReached.pct > 0 && itemsReached.pct <= 100))
      throw new TypeError(`stopping.itemsReached.pct: expected a percentage above 0 and at most 100`);
    if (!Array.isArray(itemsReached.statuses) || itemsReached.statuses.length === 0)
      throw new TypeError("stopping.itemsReached.statuses: expected at least one status");
    for (const s of itemsReached.statuses)
      if (!RULE_STATUSES.includes(s)) throw new TypeError(`stopping.itemsReached.statuses: unknown status "${s}"`);
  }
  if (stability !== undefined) {
    if (!(Number.isFinite(stability.maxChangedPct) && stability.maxChangedPct >= 0 && stability.maxChangedPct <= 100))
      throw new TypeError("stopping.stability.maxChangedPct: expected a percentage from 0 to 100");
    if (!(Number.isFinite(stability.minWilcoxonP) && stability.minWilcoxonP >= 0 && stability.minWilcoxonP <= 1))
      throw new TypeError("stopping.stability.minWilcoxonP: expected a p-value from 0 to 1");
  }
  if (maxRounds !== undefined && !(Number.isInteger(maxRounds) && maxRounds >= 1 && maxRounds <= 100))
    throw new TypeError("stopping.maxRounds: expected a whole number from 1 to 100");
}

const pct = (x: number) => `${Number(x.toFixed(1))} %`;

function statusList(statuses: readonly RuleStatus[]): string {
  const words = statuses.map((s) => STATUS_WORDS[s]);
  return words.length === 1 ? words[0]! : `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`;
}

/** The rule in one sentence per criterion, for the report and the rule editor. */
export function describeStoppingRule(rule: StoppingRule | undefined): string[] {
  if (!rule) return [];
  const out: string[] = [];
  if (rule.itemsReached)
    out.push(`at least ${pct(rule.itemsReached.pct)} of a round's items ${statusList(rule.itemsReached.statuses)}`);
  if (rule.stability)
    out.push(
      `every item still to be rated again stable since the previous round: at most ${pct(rule.stability.maxChangedPct)} of its panellists changed agreement band and Wilcoxon p ≥ ${rule.stability.minWilcoxonP}`,
    );
  if (rule.maxRounds !== undefined) out.push(`round ${rule.maxRounds} has closed (at most ${rule.maxRounds} rounds)`);
  return out;
}

/** Why an item is not stable, or null when it is. */
function instability(item: StoppingItem, previousRound: number, rule: NonNullable<StoppingRule["stability"]>) {
  const s = item.stability;
  if (!s || s.nPairs === 0) return `not rated by the same panellists in round ${previousRound}`;
  if (s.changedCategoryPct !== null && s.changedCategoryPct > rule.maxChangedPct)
    return `${pct(s.changedCategoryPct)} changed band > ${pct(rule.maxChangedPct)}`;
  if (s.wilcoxonP === null) return s.nNonZero === 0 ? null : "Wilcoxon p undefined";
  if (s.wilcoxonP < rule.minWilcoxonP) return `Wilcoxon p ${Number(s.wilcoxonP.toPrecision(3))} < ${rule.minWilcoxonP}`;
  return null;
}

/** The verdict after closed round `round` (1-based) with its items' computed statuses and stability. */
export function evaluateStopping(
  rule: StoppingRule | undefined,
  round: { number: number; items: readonly StoppingItem[] },
): StoppingVerdict {
  if (!rule) return { stop: false, reasons: ["no stopping rule was fixed before round 1"] };
  assertValidStoppingRule(rule);
  const met: boolean[] = [];
  const reasons: string[] = [];
  const say = (holds: boolean, text: string) => {
    met.push(holds);
    reasons.push(`${holds ? "met" : "not met"}: ${text}`);
  };
  const total = round.items.length;

  if (rule.itemsReached) {
    const { pct: wanted, statuses } = rule.itemsReached;
    const reached = round.items.filter((i) => (statuses as readonly ConsensusStatus[]).includes(i.status)).length;
    const share = total === 0 ? 0 : (reached * 100) / total;
    say(
      total > 0 && share >= wanted,
      `${reached} of ${total} items ${statusList(statuses)} (${pct(share)}; the rule asks ≥ ${pct(wanted)})`,
    );
  }

  if (rule.stability) {
    const remaining = round.items.filter((i) => !SETTLED.has(i.status));
    const previous = round.number - 1;
    if (previous < 1) {
      say(false, "stability needs a previous round: round 1 has none");
    } else if (remaining.length === 0) {
      say(true, "no item remains to be rated again");
    } else {
      const unstable = remaining
        .map((item) => ({ item, why: instability(item, previous, rule.stability!) }))
        .filter((u) => u.why !== null);
      const named = unstable
        .slice(0, NAMED_ITEMS)
        .map((u) => `${u.item.key ?? "an item"} (${u.why})`)
        .join(", ");
      const more = unstable.length > NAMED_ITEMS ? ` and ${unstable.length - NAMED_ITEMS} more` : "";
      say(
        unstable.length === 0,
        unstable.length === 0
          ? remaining.length === 1
            ? `the only item still to be rated again is stable since round ${previous}`
            : `all ${remaining.length} items still to be rated again are stable since round ${previous}`
          : `${unstable.length} of ${remaining.length} items still to be rated again are not stable since round ${previous}: ${named}${more}`,
      );
    }
  }

  if (rule.maxRounds !== undefined) {
    say(
      round.number >= rule.maxRounds,
      `round ${round.number} of at most ${rule.maxRounds} ${round.number >= rule.maxRounds ? "has closed" : "closed"}`,
    );
  }
  return { stop: met.some(Boolean), reasons };
}
