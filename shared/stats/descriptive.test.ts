import { describe, expect, it } from "vitest";
import { itemFigures } from "./descriptive.js";
import { close, reference } from "./fixtures/reference.js";
import { randDisagreement } from "./rand-ucla.js";
import { defaultScale } from "./scale.js";

const NUMERIC_FIGURES = [
  "agreePct",
  "neutralPct",
  "disagreePct",
  "median",
  "q1",
  "q3",
  "iqr",
  "mean",
  "sd",
  "cv",
] as const;

describe("itemFigures vs NumPy reference", () => {
  it.each(reference.items.map((item) => [item.id, item] as const))("%s", (_id, item) => {
    const f = itemFigures(item.answers, item.scale);
    expect(f.nRated).toBe(item.expected.nRated);
    expect(f.nNoOpinion).toBe(item.expected.nNoOpinion);
    expect(f.counts).toEqual(item.expected.counts);
    expect(f.modes).toEqual(item.expected.modes);
    for (const key of NUMERIC_FIGURES) {
      expect(close(f[key], item.expected[key]), `${key}: ${f[key]} vs ${item.expected[key]}`).toBe(true);
    }
  });
});

describe("randDisagreement vs NumPy reference", () => {
  it.each(reference.items.map((item) => [item.id, item] as const))("%s", (_id, item) => {
    const r = randDisagreement(item.answers, item.scale);
    const e = item.expected.rand;
    if (e === null) {
      expect(r).toBeNull();
      return;
    }
    expect(r).not.toBeNull();
    for (const key of ["p30", "p70", "ipr", "iprcp", "ai", "ipras"] as const) {
      expect(close(r![key], e[key]), `${key}: ${r![key]} vs ${e[key]}`).toBe(true);
    }
    expect(r!.disagreement).toBe(e.disagreement);
  });
});

describe("itemFigures edge cases", () => {
  const five = defaultScale(5);

  it("uses the default thresholds 4–5 / 1–2 and 7–9 / 1–3", () => {
    expect(defaultScale(5)).toEqual({ points: 5, agreeFrom: 4, disagreeTo: 2 });
    expect(defaultScale(9)).toEqual({ points: 9, agreeFrom: 7, disagreeTo: 3 });
    const f = itemFigures([1, 2, 3, 4, 5], five);
    expect([f.disagreePct, f.neutralPct, f.agreePct]).toEqual([40, 20, 40]);
  });

  it("keeps percentages unrounded and excludes no-opinion answers", () => {
    const f = itemFigures([5, 5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 4, 3, 3, null], five);
    expect(f.nRated).toBe(14);
    expect(f.nNoOpinion).toBe(1);
    expect(f.agreePct).toBe(1200 / 14);
  });

  it("returns nulls, not NaN, without rated answers", () => {
    const f = itemFigures([null, null], five);
    expect(f).toMatchObject({
      nRated: 0,
      nNoOpinion: 2,
      agreePct: null,
      median: null,
      iqr: null,
      mean: null,
      sd: null,
      cv: null,
      modes: [],
    });
  });

  it("documents SD = null for a single rating", () => {
    const f = itemFigures([3], five);
    expect(f.sd).toBeNull();
    expect(f.cv).toBeNull();
    expect(f.median).toBe(3);
    expect(f.iqr).toBe(0);
  });

  it("lists all modes ascending", () => {
    expect(itemFigures([5, 1, 3, 1, 5], five).modes).toEqual([1, 5]);
  });

  it("rejects values off the scale", () => {
    expect(() => itemFigures([6], five)).toThrow(RangeError);
    expect(() => itemFigures([2.5], five)).toThrow(RangeError);
    expect(() => itemFigures([], { points: 5, agreeFrom: 3, disagreeTo: 3 })).toThrow(RangeError);
  });

  it("applies custom thresholds", () => {
    const f = itemFigures([1, 4, 5, 6, 9], { points: 9, agreeFrom: 6, disagreeTo: 4 });
    expect([f.disagreePct, f.neutralPct, f.agreePct]).toEqual([40, 20, 40]);
  });

  it("RAND/UCLA is undefined on 5-point scales", () => {
    expect(randDisagreement([1, 5, 5], five)).toBeNull();
  });
});
