// Wilcoxon signed-rank test on paired ratings, replicating scipy.stats.wilcoxon(x, y) defaults of
// SciPy 1.10.1 (zero_method="wilcox", correction=False, alternative="two-sided", method="auto") so
// p-values agree with the SciPy reference fixture (worst relative difference ~4e-14).
//
// SciPy 1.10 "auto" rules, mirrored on purpose (newer SciPy releases differ):
// - n = number of pairs *including* zero differences; exact null distribution when n ≤ 50 and no
//   difference is zero, even with tied |d| — then the half-integer rank sum is truncated to an integer
//   before the table lookup, exactly like SciPy's `int(r_plus)`;
// - otherwise the normal approximation on the non-zero differences, with the tie-corrected variance
//   and no continuity correction;
// - all differences zero: SciPy raises ValueError, so the p-value (and statistic) is null here;
// - no pairs at all: SciPy returns NaN, represented as null.

import { normalTwoSidedP } from "./normal.js";
import { averageRanks, tieCorrection } from "./ranks.js";

const EXACT_MAX_N = 50;

export interface WilcoxonResult {
  /** min(R+, R−), SciPy's two-sided statistic; null when the test is undefined. */
  statistic: number | null;
  /** Two-sided p-value; null where SciPy gives NaN or raises. */
  pValue: number | null;
  method: "exact" | "approx" | null;
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
  const undefinedResult = (method: WilcoxonResult["method"]): WilcoxonResult => ({
    statistic: null,
    pValue: null,
    method,
    z: null,
    nNonZero: nonZero.length,
  });
  if (diffs.length === 0) return undefinedResult(null);
  const exact = diffs.length <= EXACT_MAX_N && nonZero.length === diffs.length;
  if (nonZero.length === 0) return undefinedResult("approx");

  const { ranks, tieGroupSizes } = averageRanks(nonZero.map(Math.abs));
  let rPlus = 0;
  let rMinus = 0;
  nonZero.forEach((d, i) => {
    if (d > 0) rPlus += ranks[i]!;
    else rMinus += ranks[i]!;
  });
  const statistic = Math.min(rPlus, rMinus);
  const n = nonZero.length;

  if (exact) {
    return { statistic, pValue: exactTwoSidedP(n, Math.trunc(rPlus)), method: "exact", z: null, nNonZero: n };
  }
  const mean = (n * (n + 1)) / 4;
  const variance = (n * (n + 1) * (2 * n + 1) - 0.5 * tieCorrection(tieGroupSizes)) / 24;
  const z = (statistic - mean) / Math.sqrt(variance);
  return { statistic, pValue: normalTwoSidedP(z), method: "approx", z, nNonZero: n };
}

/**
 * Exact two-sided p-value from the null distribution of R+ (all 2^n sign patterns equally likely).
 * Probabilities are k / 2^n, exact in doubles for n ≤ 50, so the sums match SciPy bit for bit.
 */
function exactTwoSidedP(n: number, rPlus: number): number {
  const pmf = signedRankDistribution(n);
  const maxSum = pmf.length - 1;
  if (rPlus === Math.floor(maxSum / 2)) return 1;
  let pLess = 0;
  for (const p of pmf.subarray(0, rPlus + 1)) pLess += p;
  let pGreater = 0;
  for (const p of pmf.subarray(rPlus)) pGreater += p;
  return Math.min(1, Math.max(0, 2 * Math.min(pLess, pGreater)));
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
