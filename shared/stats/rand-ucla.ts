// RAND/UCLA Appropriateness Method disagreement test (Fitch et al. 2001, ch. 8): the IPRAS rule,
// which adapts the tolerated spread to how far the ratings sit from the scale centre. 9-point scales only.

import { type ValueCounts, quantileType7FromCounts, ratedCount } from "./histogram.js";
import { quantileType7, sortedAscending } from "./quantile.js";
import { type Answer, type Scale, assertValidScale, ratedValues } from "./scale.js";

/** Manual constants: IPR required for disagreement with perfect symmetry, and the asymmetry correction factor. */
const IPR_SYMMETRIC = 2.35;
const ASYMMETRY_CORRECTION = 1.5;
const SCALE_CENTRE = 5;

export interface RandDisagreement {
  /** 30th and 70th percentiles (R type 7, like all quantiles in this library). */
  p30: number;
  p70: number;
  /** Interpercentile range P70 − P30. */
  ipr: number;
  /** Central point of the IPR, (P30 + P70) / 2. */
  iprcp: number;
  /** Asymmetry index |5 − IPRCP|. */
  ai: number;
  /** IPR adjusted for symmetry: 2.35 + 1.5 × AI. */
  ipras: number;
  /** Disagreement when IPR > IPRAS. */
  disagreement: boolean;
}

/** Null for 5-point scales (the method is defined on 1–9) and when nothing was rated. */
export function randDisagreement(answers: readonly Answer[], scale: Scale): RandDisagreement | null {
  assertValidScale(scale);
  if (scale.points !== 9) return null;
  const sorted = sortedAscending(ratedValues(answers, scale));
  if (sorted.length === 0) return null;
  return fromPercentiles(quantileType7(sorted, 0.3), quantileType7(sorted, 0.7));
}

/** `randDisagreement` of the answers a histogram describes (the same percentiles, exactly). */
export function randDisagreementFromCounts(histogram: ValueCounts, scale: Scale): RandDisagreement | null {
  assertValidScale(scale);
  if (scale.points !== 9) return null;
  if (ratedCount(histogram.counts) === 0) return null;
  return fromPercentiles(
    quantileType7FromCounts(histogram.counts, 0.3),
    quantileType7FromCounts(histogram.counts, 0.7),
  );
}

function fromPercentiles(p30: number, p70: number): RandDisagreement {
  const ipr = p70 - p30;
  const iprcp = (p30 + p70) / 2;
  const ai = Math.abs(SCALE_CENTRE - iprcp);
  const ipras = IPR_SYMMETRIC + ASYMMETRY_CORRECTION * ai;
  return { p30, p70, ipr, iprcp, ai, ipras, disagreement: ipr > ipras };
}
