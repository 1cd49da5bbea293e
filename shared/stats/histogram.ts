// A rating distribution as counts per scale point: every figure of an item depends only on the multiset of
// its answers, so a 5- or 9-point histogram holds all of it, and a database can count instead of sending rows.

import { type Answer, type Scale, assertValidRating } from "./scale.js";

/** How many answers gave each scale point (`counts[k - 1]` for value k), and how many "no opinion". */
export interface ValueCounts {
  counts: number[];
  noOpinion: number;
}

export function emptyCounts(scale: Scale): ValueCounts {
  return { counts: new Array<number>(scale.points).fill(0), noOpinion: 0 };
}

/** Adds `n` answers of `value` (validated against the scale, as the row-based figures validate each answer). */
export function addAnswers(histogram: ValueCounts, value: Answer, n: number, scale: Scale): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Invalid count of answers: ${n}`);
  if (value === null) {
    histogram.noOpinion += n;
    return;
  }
  assertValidRating(value, scale);
  histogram.counts[value - 1]! += n;
}

export function countAnswers(answers: readonly Answer[], scale: Scale): ValueCounts {
  const histogram = emptyCounts(scale);
  for (const a of answers) addAnswers(histogram, a, 1, scale);
  return histogram;
}

export const ratedCount = (counts: readonly number[]) => counts.reduce((s, c) => s + c, 0);

/** The value at position `index` (0-based) of the ascending list of rated answers the counts describe. */
function valueAt(counts: readonly number[], index: number): number {
  let seen = 0;
  for (let k = 0; k < counts.length; k++) {
    seen += counts[k]!;
    if (index < seen) return k + 1;
  }
  throw new RangeError(`index ${index} beyond the ${seen} rated answers`);
}

/**
 * Quantile `p` of the rated answers given as counts, R type 7 — the same interpolation as `quantileType7` on
 * the sorted answers, between the same two order statistics, so the result is identical to the last bit.
 */
export function quantileType7FromCounts(counts: readonly number[], p: number): number {
  const n = ratedCount(counts);
  if (n === 0) throw new RangeError("quantile of an empty sample");
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile probability out of range: ${p}`);
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = valueAt(counts, lo);
  const b = valueAt(counts, Math.min(lo + 1, n - 1));
  const t = h - lo;
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}
