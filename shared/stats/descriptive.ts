// Per-item, per-round summary figures of a Delphi rating distribution.
// Percentages are of rated answers only: "no opinion" (null) is counted separately, never as neutral.

import { type ValueCounts, quantileType7FromCounts, ratedCount } from "./histogram.js";
import { quantileType7, sortedAscending } from "./quantile.js";
import { type Answer, type Scale, assertValidScale, categorize, percentage, ratedValues } from "./scale.js";

export interface ItemFigures {
  nRated: number;
  nNoOpinion: number;
  /** counts[k - 1] = number of answers with value k. */
  counts: number[];
  /** Percentages of rated answers, unrounded (count × 100 / nRated); null when nRated = 0. */
  agreePct: number | null;
  neutralPct: number | null;
  disagreePct: number | null;
  /** Median and quartiles use R's quantile type 7 (numpy.percentile "linear"). */
  median: number | null;
  q1: number | null;
  q3: number | null;
  iqr: number | null;
  mean: number | null;
  /** Sample SD (n − 1). Null for n ≤ 1: one rating carries no information about spread, and 0 would read as perfect consensus. */
  sd: number | null;
  /** Coefficient of variation SD / mean; null whenever SD is (or mean is 0). */
  cv: number | null;
  /** Every most frequent value, ascending; empty when nothing was rated. */
  modes: number[];
}

export function itemFigures(answers: readonly Answer[], scale: Scale): ItemFigures {
  assertValidScale(scale);
  const rated = ratedValues(answers, scale);
  const n = rated.length;
  const counts = new Array<number>(scale.points).fill(0);
  const byCategory = { agree: 0, neutral: 0, disagree: 0 };
  for (const v of rated) {
    counts[v - 1]! += 1;
    byCategory[categorize(v, scale)] += 1;
  }
  const base = { nRated: n, nNoOpinion: answers.length - n, counts };
  if (n === 0) {
    return {
      ...base,
      agreePct: null,
      neutralPct: null,
      disagreePct: null,
      median: null,
      q1: null,
      q3: null,
      iqr: null,
      mean: null,
      sd: null,
      cv: null,
      modes: [],
    };
  }

  const sorted = sortedAscending(rated);
  const q1 = quantileType7(sorted, 0.25);
  const q3 = quantileType7(sorted, 0.75);
  const mean = rated.reduce((s, v) => s + v, 0) / n;
  const sd = sampleSd(counts, n, mean);
  const top = Math.max(...counts);

  return {
    ...base,
    agreePct: percentage(byCategory.agree, n),
    neutralPct: percentage(byCategory.neutral, n),
    disagreePct: percentage(byCategory.disagree, n),
    median: quantileType7(sorted, 0.5),
    q1,
    q3,
    iqr: q3 - q1,
    mean,
    sd,
    cv: sd === null || mean === 0 ? null : sd / mean,
    modes: counts.flatMap((c, i) => (c === top ? [i + 1] : [])),
  };
}

/**
 * `itemFigures` of the answers a histogram describes, without the answers: the same figures, exactly (the mean
 * is an integer sum over n, the quartiles the same order statistics), in time independent of the panel size.
 * Round close computes from counts the database makes (app/models/round.server.ts).
 */
export function itemFiguresFromCounts(histogram: ValueCounts, scale: Scale): ItemFigures {
  assertValidScale(scale);
  if (histogram.counts.length !== scale.points)
    throw new RangeError(`${histogram.counts.length} counts for a ${scale.points}-point scale`);
  const counts = [...histogram.counts];
  const n = ratedCount(counts);
  const byCategory = { agree: 0, neutral: 0, disagree: 0 };
  let sum = 0;
  counts.forEach((c, i) => {
    byCategory[categorize(i + 1, scale)] += c;
    sum += c * (i + 1);
  });
  const base = { nRated: n, nNoOpinion: histogram.noOpinion, counts };
  if (n === 0) {
    return {
      ...base,
      agreePct: null,
      neutralPct: null,
      disagreePct: null,
      median: null,
      q1: null,
      q3: null,
      iqr: null,
      mean: null,
      sd: null,
      cv: null,
      modes: [],
    };
  }
  const q1 = quantileType7FromCounts(counts, 0.25);
  const q3 = quantileType7FromCounts(counts, 0.75);
  const mean = sum / n;
  const sd = sampleSd(counts, n, mean);
  const top = Math.max(...counts);
  return {
    ...base,
    agreePct: percentage(byCategory.agree, n),
    neutralPct: percentage(byCategory.neutral, n),
    disagreePct: percentage(byCategory.disagree, n),
    median: quantileType7FromCounts(counts, 0.5),
    q1,
    q3,
    iqr: q3 - q1,
    mean,
    sd,
    cv: sd === null || mean === 0 ? null : sd / mean,
    modes: counts.flatMap((c, i) => (c === top ? [i + 1] : [])),
  };
}

// Summing over scale points rather than answers makes the result independent of answer order.
function sampleSd(counts: readonly number[], n: number, mean: number): number | null {
  if (n < 2) return null;
  let squares = 0;
  counts.forEach((c, i) => (squares += c * (i + 1 - mean) ** 2));
  return Math.sqrt(squares / (n - 1));
}
