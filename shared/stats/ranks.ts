// Average ranks with tie bookkeeping, shared by the Wilcoxon test and Kendall's W
// (same convention as scipy.stats.rankdata(method="average")).

export interface Ranking {
  /** 1-based ranks in input order; tied values share the mean of their positions. */
  ranks: number[];
  /** Size of every group of tied values (groups of 1 included). */
  tieGroupSizes: number[];
}

export function averageRanks(values: readonly number[]): Ranking {
  const sorted = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const ranks = new Array<number>(values.length);
  const tieGroupSizes: number[] = [];
  let start = 0;
  while (start < sorted.length) {
    const value = sorted[start]!.value;
    let end = start + 1;
    while (end < sorted.length && sorted[end]!.value === value) end++;
    // positions start+1 … end share their mean rank
    const rank = (start + 1 + end) / 2;
    for (const { index } of sorted.slice(start, end)) ranks[index] = rank;
    tieGroupSizes.push(end - start);
    start = end;
  }
  return { ranks, tieGroupSizes };
}

/** Σ (t³ − t) over tie groups: the usual tie correction term. */
export function tieCorrection(tieGroupSizes: readonly number[]): number {
  return tieGroupSizes.reduce((sum, t) => sum + (t * t * t - t), 0);
}
