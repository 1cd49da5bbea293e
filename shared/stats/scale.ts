// Rating scales and the agree / neutral / disagree banding every other module relies on.
// Thresholds are configurable because Delphi protocols differ on where "agreement" starts.

export type ScalePoints = 5 | 9;

export interface Scale {
  points: ScalePoints;
  /** Lowest value counted as agreement (inclusive). */
  agreeFrom: number;
  /** Highest value counted as disagreement (inclusive). */
  disagreeTo: number;
}

/** A panellist's rating on the scale, or `null` for "no opinion / cannot judge". */
export type Answer = number | null;

export type AgreementCategory = "agree" | "neutral" | "disagree";

export const FIVE_POINT_SCALE: Readonly<Scale> = Object.freeze({ points: 5, agreeFrom: 4, disagreeTo: 2 });
export const NINE_POINT_SCALE: Readonly<Scale> = Object.freeze({ points: 9, agreeFrom: 7, disagreeTo: 3 });

export function defaultScale(points: ScalePoints): Scale {
  return { ...(points === 5 ? FIVE_POINT_SCALE : NINE_POINT_SCALE) };
}

export function assertValidScale(scale: Scale): void {
  const { points, agreeFrom, disagreeTo } = scale;
  if (points !== 5 && points !== 9) throw new RangeError(`Unsupported scale: ${points} points`);
  if (!Number.isInteger(agreeFrom) || !Number.isInteger(disagreeTo)) {
    throw new RangeError("Scale thresholds must be integers");
  }
  if (disagreeTo < 1 || agreeFrom > points || disagreeTo >= agreeFrom) {
    throw new RangeError(
      `Invalid thresholds for a ${points}-point scale: disagree ≤ ${disagreeTo}, agree ≥ ${agreeFrom}`,
    );
  }
}

// Rejecting bad ratings loudly is safer than silently skewing consensus figures.
export function assertValidRating(value: number, scale: Scale): void {
  if (!Number.isInteger(value) || value < 1 || value > scale.points) {
    throw new RangeError(`Rating ${value} is not an integer on the ${scale.points}-point scale`);
  }
}

export function categorize(value: number, scale: Scale): AgreementCategory {
  if (value >= scale.agreeFrom) return "agree";
  if (value <= scale.disagreeTo) return "disagree";
  return "neutral";
}

/** The non-null ratings, validated against the scale. */
export function ratedValues(answers: readonly Answer[], scale: Scale): number[] {
  const rated: number[] = [];
  for (const a of answers) {
    if (a === null) continue;
    assertValidRating(a, scale);
    rated.push(a);
  }
  return rated;
}

/** `count / n` as a percentage; multiplying first keeps exact halves (e.g. 12.5) exact for rounding rules. */
export function percentage(count: number, n: number): number | null {
  return n === 0 ? null : (count * 100) / n;
}
