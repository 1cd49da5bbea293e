// Stability of one item between consecutive rounds for the same panellists: how many moved between
// agree / neutral / disagree, and whether the rating distribution shifted (Wilcoxon signed-rank).

import { type Answer, type Scale, assertValidRating, assertValidScale, categorize, percentage } from "./scale.js";
import { type WilcoxonResult, wilcoxonSignedRank } from "./wilcoxon.js";

export interface StabilityFigures {
  /** Panellists who rated the item in both rounds; pairs with a "no opinion" on either side are excluded. */
  nPairs: number;
  nChangedCategory: number;
  /** nChangedCategory × 100 / nPairs, unrounded; null without pairs. */
  changedCategoryPct: number | null;
  /** Test of round N vs round N+1 (x = earlier round, y = later round, as in scipy.stats.wilcoxon(x, y)). */
  wilcoxon: WilcoxonResult;
}

/** `earlier[i]` and `later[i]` must belong to the same panellist. */
export function roundStability(earlier: readonly Answer[], later: readonly Answer[], scale: Scale): StabilityFigures {
  assertValidScale(scale);
  if (earlier.length !== later.length) throw new RangeError("rounds must list the same panellists in the same order");
  const x: number[] = [];
  const y: number[] = [];
  let changed = 0;
  earlier.forEach((before, i) => {
    const after = later[i]!; // same length, checked above
    if (before === null || after === null) return;
    assertValidRating(before, scale);
    assertValidRating(after, scale);
    x.push(before);
    y.push(after);
    if (categorize(before, scale) !== categorize(after, scale)) changed++;
  });
  return {
    nPairs: x.length,
    nChangedCategory: changed,
    changedCategoryPct: percentage(changed, x.length),
    wilcoxon: wilcoxonSignedRank(x, y),
  };
}
