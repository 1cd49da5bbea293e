/* eslint-disable no-loss-of-precision -- published coefficients are kept digit for digit, as printed by Cody (1969) */
// Standard normal tail probabilities for the large-sample Wilcoxon test. Math has no erf, and
// p-values can be tiny (n in the thousands), so this uses W. J. Cody's rational Chebyshev
// approximations (Math. Comp. 1969; Netlib specfun CALERF), accurate to ~1e-16 relative.

/** Numerator/denominator coefficients per interval, highest-order term first as `lead`. */
interface RationalApproximation {
  numLead: number;
  num: readonly number[];
  den: readonly number[];
}

/** erf(x) ≈ x·P(x²)/Q(x²) for |x| ≤ 0.46875. */
const ERF_SMALL: RationalApproximation = {
  numLead: 0.185777706184603153,
  num: [3.1611237438705656, 113.864154151050156, 377.485237685302021, 3209.37758913846947],
  den: [23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062],
};

/** erfc(x) ≈ exp(−x²)·P(x)/Q(x) for 0.46875 < x ≤ 4. */
const ERFC_MIDDLE: RationalApproximation = {
  numLead: 2.15311535474403846e-8,
  num: [
    0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.95222124176909,
    1712.04761263407058, 2051.07837782607147, 1230.33935479799725,
  ],
  den: [
    15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963,
    4362.61909014324716, 3439.36767414372164, 1230.33935480374942,
  ],
};

/** erfc(x) ≈ exp(−x²)/x·(1/√π − R(1/x²)) for x > 4. */
const ERFC_TAIL: RationalApproximation = {
  numLead: 0.0163153871373020978,
  num: [
    0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766, 6.58749161529837803e-4,
  ],
  den: [2.56852019228982242, 1.87295284992346047, 0.527905102951428412, 0.0605183413124413191, 0.00233520497626869185],
};

const ONE_OVER_SQRT_PI = 0.56418958354775628695;
const SMALL_LIMIT = 0.46875;
/** Beyond this erfc underflows to 0 in double precision. */
const ERFC_UNDERFLOW = 26.543;

/** Cody's nested evaluation order: ((lead·t + c₀)·t + c₁)·t … + cₖ, and the monic denominator likewise. */
function rational({ numLead, num, den }: RationalApproximation, t: number): number {
  let p = numLead;
  for (const c of num) p = p * t + c;
  let q = 1;
  for (const c of den) q = q * t + c;
  return p / q;
}

/** exp(−y²) as exp(−a²)·exp(−(y−a)(y+a)) with a = y truncated to 1/16: avoids losing digits in y². */
function expMinusSquare(y: number): number {
  const a = Math.trunc(y * 16) / 16;
  return Math.exp(-a * a) * Math.exp(-(y - a) * (y + a));
}

/** Complementary error function erfc(x) = 1 − erf(x). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  if (y <= SMALL_LIMIT) return 1 - x * rational(ERF_SMALL, x * x);
  let result: number;
  if (y <= 4) {
    result = expMinusSquare(y) * rational(ERFC_MIDDLE, y);
  } else if (y >= ERFC_UNDERFLOW) {
    result = 0;
  } else {
    const t = 1 / (y * y);
    result = expMinusSquare(y) * ((ONE_OVER_SQRT_PI - t * rational(ERFC_TAIL, t)) / y);
  }
  return x < 0 ? 2 - result : result;
}

/** erf(x) = 1 − erfc(x), evaluated directly near 0 for accuracy. */
export function erf(x: number): number {
  return Math.abs(x) <= SMALL_LIMIT ? x * rational(ERF_SMALL, x * x) : 1 - erfc(x);
}

/** Two-sided tail probability P(|Z| ≥ |z|) for a standard normal Z. */
export function normalTwoSidedP(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return erfc(Math.abs(z) / Math.SQRT2);
}
