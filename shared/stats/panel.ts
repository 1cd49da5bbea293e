// Panel-level agreement across all items of a round: Fleiss' kappa (nominal agreement beyond chance)
// and Kendall's W (concordance of how panellists rank the items).

import { averageRanks, tieCorrection } from "./ranks.js";
import { type Answer, type Scale, assertValidRating, assertValidScale, categorize } from "./scale.js";

/**
 * Fleiss' kappa on a subjects × categories count table, every subject rated by the same number of
 * raters — the same computation as statsmodels' fleiss_kappa(table, method="fleiss").
 * Null when undefined: fewer than 2 subjects (items), fewer than 2 raters, unequal rater counts, or all
 * ratings in a single category (chance agreement 1 makes kappa 0/0). Agreement beyond chance needs at
 * least two raters and two items.
 */
export function fleissKappa(table: readonly (readonly number[])[]): number | null {
  const nSubjects = table.length;
  const first = table[0];
  if (first === undefined || nSubjects < 2) return null;
  const nCategories = first.length;
  const raters = first.reduce((s, c) => s + c, 0);
  if (raters < 2) return null;
  const categoryTotals = new Array<number>(nCategories).fill(0);
  let agreementSum = 0;
  for (const row of table) {
    if (row.length !== nCategories) throw new RangeError("every row needs the same number of categories");
    let rowTotal = 0;
    let squares = 0;
    row.forEach((count, j) => {
      rowTotal += count;
      squares += count * count;
      categoryTotals[j]! += count;
    });
    if (rowTotal !== raters) return null;
    agreementSum += (squares - raters) / (raters * (raters - 1));
  }
  const observed = agreementSum / nSubjects;
  const total = nSubjects * raters;
  const expected = categoryTotals.reduce((s, c) => s + (c / total) ** 2, 0);
  if (expected === 1) return null;
  return (observed - expected) / (1 - expected);
}

/**
 * Kendall's coefficient of concordance W for a raters × items matrix, with tie correction
 * (Kendall & Babington Smith 1939):
 *
 *   W = 12·S / (m²(n³ − n) − m·Σⱼ Tⱼ),   S = Σᵢ (Rᵢ − R̄)²,   Tⱼ = Σ (t³ − t) over rater j's tie groups,
 *
 * m raters, n items, Rᵢ = sum over raters of item i's average rank within each rater's ratings.
 * Null when undefined: fewer than 2 raters (a single ranking is trivially concordant: W = 1 says nothing),
 * fewer than 2 items, or every rater gave all items the same rating.
 */
export function kendallW(matrix: readonly (readonly number[])[]): number | null {
  const m = matrix.length;
  const n = matrix[0]?.length ?? 0;
  if (m < 2 || n < 2) return null;
  const rankSums = new Array<number>(n).fill(0);
  let ties = 0;
  for (const row of matrix) {
    if (row.length !== n) throw new RangeError("every rater needs a rating for every item");
    const { ranks, tieGroupSizes } = averageRanks(row);
    ranks.forEach((r, i) => (rankSums[i]! += r));
    ties += tieCorrection(tieGroupSizes);
  }
  const meanRankSum = rankSums.reduce((s, r) => s + r, 0) / n;
  const s = rankSums.reduce((acc, r) => acc + (r - meanRankSum) ** 2, 0);
  const denominator = m * m * (n ** 3 - n) - m * ties;
  return denominator === 0 ? null : (12 * s) / denominator;
}

export type FleissCategories = "points" | "agreement";

export interface PanelAgreement {
  /** Panellists with a rating for every item; both coefficients need complete data, so the others are left out. */
  nRaters: number;
  nRatersExcluded: number;
  nItems: number;
  /** Fleiss' kappa with each scale point as a category. */
  fleissKappaPoints: number | null;
  /** Fleiss' kappa on the agree / neutral / disagree bands. */
  fleissKappaAgreement: number | null;
  kendallW: number | null;
}

/** Rows = panellists, columns = items (same item order in every row); null = "no opinion". */
export function panelAgreement(ratings: readonly (readonly Answer[])[], scale: Scale): PanelAgreement {
  assertValidScale(scale);
  const nItems = ratings[0]?.length ?? 0;
  const complete: number[][] = [];
  for (const row of ratings) {
    if (row.length !== nItems) throw new RangeError("every panellist row needs one entry per item");
    if (row.every((v) => v !== null)) {
      row.forEach((v) => assertValidRating(v as number, scale));
      complete.push(row as number[]);
    }
  }
  return {
    nRaters: complete.length,
    nRatersExcluded: ratings.length - complete.length,
    nItems,
    fleissKappaPoints: fleissKappa(categoryTable(complete, nItems, scale, "points")),
    fleissKappaAgreement: fleissKappa(categoryTable(complete, nItems, scale, "agreement")),
    kendallW: kendallW(complete),
  };
}

const BAND_INDEX = { disagree: 0, neutral: 1, agree: 2 } as const;

/** Items × categories count table from complete raters × items ratings. */
export function categoryTable(
  ratings: readonly (readonly number[])[],
  nItems: number,
  scale: Scale,
  categories: FleissCategories,
): number[][] {
  const width = categories === "points" ? scale.points : 3;
  const table = Array.from({ length: nItems }, () => new Array<number>(width).fill(0));
  for (const row of ratings) {
    row.forEach((v, item) => {
      const column = categories === "points" ? v - 1 : BAND_INDEX[categorize(v, scale)];
      table[item]![column]! += 1;
    });
  }
  return table;
}
