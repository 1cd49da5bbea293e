// Sample quantiles, R's type 7 (Hyndman & Fan 1996) — the default of R's quantile() and of
// numpy.percentile(method="linear"); the interpolation mirrors NumPy's so results match to the last bit.

/** Quantile `p` ∈ [0, 1] of an ascending-sorted, non-empty array (R type 7). */
export function quantileType7(sorted: readonly number[], p: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError("quantile of an empty sample");
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile probability out of range: ${p}`);
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  // both indices are within [0, n − 1] because 0 ≤ h ≤ n − 1
  const a = sorted[lo]!;
  const b = sorted[Math.min(lo + 1, n - 1)]!;
  const t = h - lo;
  const diff = b - a;
  // NumPy interpolates from the nearer end, which keeps results monotone and exact at t = 1.
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

export function sortedAscending(values: readonly number[]): number[] {
  return [...values].sort((x, y) => x - y);
}
