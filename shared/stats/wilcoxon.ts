// Wilcoxon signed-rank test on paired ratings, replicating scipy.stats.wilcoxon(x, y) with the defaults of
// SciPy 1.17 (zero_method="wilcox", correction=False, alternative="two-sided", method="auto"), so p-values
// agree with the SciPy 1.17 reference fixture to 1e-9. See docs/consensus.md, "Stability between rounds".
//
// SciPy 1.17 "auto", mirrored on purpose (SciPy ≤ 1.10 chose differently):
// - n = number of pairs *including* zero differences; above 50 pairs: normal approximation;
// - n ≤ 50 without ties among |d| and without zero differences: exact null distribution of R+;
// - otherwise, n ≤ 13: permutation test over all 2ⁿ sign flips — SciPy enumerates them exactly because
//   2¹³ = 8192 ≤ its default 9999 resamples, so the p-value is deterministic; computed here as the
//   exact distribution of R+ over the non-zero differences' (half-integer) ranks;
// - otherwise: normal approximation on the non-zero differences, tie-corrected variance, no continuity
//   correction;
// - all differences zero: statistic 0, and p = 1 for 2 ≤ n ≤ 13 (every sign flip gives R+ = 0), but NaN
//   (null here) for n ≥ 14, where the normal approximation divides 0 by 0;
// - a single zero difference: SciPy raises ValueError (a permutation test needs two observations): null;
// - no pairs at all: SciPy returns NaN, represented as null.

import { normalTwoSidedP } from "./normal.js";
import { averageRanks, tieCorrection } from "./ranks.js";

/** Above this many pairs SciPy uses the normal approximation. */
const EXACT_MAX_N = 50;
/** Up to this many pairs the permutation test enumerates every sign flip (2¹³ ≤ 9999 resamples). */
const PERMUTATION_MAX_N = 13;

export interface WilcoxonResult {
  /** min(R+, R−), SciPy's two-sided statistic; null when the test is undefined. */
  statistic: number | null;
  /** Two-sided p-value; null where SciPy gives NaN or raises. */
  pValue: number | null;
  /** SciPy's path: exact table, exhaustive sign-flip permutation test, or normal approximation. */
  method: "exact" | "permutation" | "approx" | null;
  /** Normalised statistic of the normal approximation (approx method only). */
  z: number | null;
  /** Pairs with a non-zero difference, i.e. the effective sample size. */
  nNonZero: number;
}

/** Two-sided Wilcoxon signed-rank test of differences x[i] − y[i] (arrays of equal length, no nulls). */
export function wilcoxonSignedRank(x: readonly number[], y: readonly number[]): WilcoxonResult {
  if (x.length !== y.length) throw new RangeError("paired samples must have equal length");
  const diffs = x.map((v, i) => v - y[i]!);
  const nonZero = diffs.filter((d) => d !== 0);
  const n = nonZero.length;
  const result = (
    method: WilcoxonResult["method"],
    statistic: number | null,
    pValue: number | null,
    z: number | null = null,
  ): WilcoxonResult => ({ statistic, pValue, method, z, nNonZero: n });
  if (diffs.length === 0) return result(null, null, null);

  const { ranks, tieGroupSizes } = averageRanks(nonZero.map(Math.abs));
  let rPlus = 0;
  let rMinus = 0;
  nonZero.forEach((d, i) => {
    if (d > 0) rPlus += ranks[i]!;
    else rMinus += ranks[i]!;
  });
  const statistic = Math.min(rPlus, rMinus);
  const hasTies = tieGroupSizes.some((t) => t > 1);
  const hasZeros = n < diffs.length;

  if (diffs.length <= EXACT_MAX_N && !hasTies && !hasZeros) {
    return result("exact", statistic, exactTwoSidedP(n, rPlus));
  }
  if (diffs.length <= PERMUTATION_MAX_N) {
    if (diffs.length < 2) return result("permutation", null, null); // SciPy: ValueError
    return result("permutation", statistic, permutationTwoSidedP(ranks, rPlus));
  }
  if (n === 0) return result("approx", statistic, null); // 0 / 0: NaN in SciPy
  const mean = (n * (n + 1)) / 4;
  const variance = (n * (n + 1) * (2 * n + 1) - 0.5 * tieCorrection(tieGroupSizes)) / 24;
  const z = (statistic - mean) / Math.sqrt(variance);
  return result("approx", statistic, normalTwoSidedP(z), z);
}

/**
 * Exact two-sided p-value from the null distribution of R+ (all 2^n sign patterns equally likely), as
 * SciPy: 2·min(P(R+ ≥ r), P(R+ ≤ r)), capped at 1. Probabilities are k / 2^n, exact in doubles.
 */
function exactTwoSidedP(n: number, rPlus: number): number {
  const pmf = signedRankDistribution(n);
  let pLess = 0;
  for (const p of pmf.subarray(0, rPlus + 1)) pLess += p;
  let pGreater = 0;
  for (const p of pmf.subarray(rPlus)) pGreater += p;
  return Math.min(1, 2 * Math.min(pLess, pGreater));
}

/**
 * SciPy's permutation test with every sign flip enumerated: the share of the 2^n flips whose R+ is
 * ≤ / ≥ the observed one, two-sided as 2·min(·,·) capped at 1. Zero differences flip to themselves and
 * add nothing to R+, so they scale both counts by the same power of two and are left out. Ranks are
 * multiples of ½, so R+ is counted on doubled ranks: whole numbers, compared exactly.
 */
function permutationTwoSidedP(ranks: readonly number[], rPlus: number): number {
  const doubled = ranks.map((r) => Math.round(2 * r));
  const total = doubled.reduce((s, r) => s + r, 0);
  // ways[s] = number of sign patterns whose doubled R+ is s
  let ways = new Float64Array(total + 1);
  ways[0] = 1;
  let reach = 0;
  for (const r of doubled) {
    const next = new Float64Array(total + 1);
    for (let s = 0; s <= reach; s++) {
      next[s]! += ways[s]!;
      next[s + r]! += ways[s]!;
    }
    ways = next;
    reach += r;
  }
  const observed = Math.round(2 * rPlus);
  const patterns = 2 ** ranks.length;
  let atMost = 0;
  let atLeast = 0;
  ways.forEach((w, s) => {
    if (s <= observed) atMost += w;
    if (s >= observed) atLeast += w;
  });
  return Math.min(1, 2 * Math.min(atMost / patterns, atLeast / patterns));
}

const distributionCache = new Map<number, Float64Array>();

/** P(R+ = r) for r = 0 … n(n+1)/2, built by adding one rank at a time (same recurrence as SciPy). */
export function signedRankDistribution(n: number): Float64Array {
  const cached = distributionCache.get(n);
  if (cached) return cached;
  let c = new Float64Array([1]);
  for (let k = 1; k <= n; k++) {
    const next = new Float64Array((k * (k + 1)) / 2 + 1);
    const shift = next.length - c.length;
    c.forEach((p, r) => {
      next[r]! += p * 0.5;
      next[shift + r]! += p * 0.5;
    });
    c = next;
  }
  distributionCache.set(n, c);
  return c;
}
