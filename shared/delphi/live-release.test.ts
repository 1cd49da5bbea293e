import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { figuresMoved, mayPublish, outsideIqr } from "./live-release.js";

describe("live release rule", () => {
  it("publishes nothing below the minimum group size", () => {
    expect(mayPublish({ answers: 2, changed: 2, minGroupSize: 3 })).toBe(false);
    expect(mayPublish({ answers: 3, changed: 3, minGroupSize: 3 })).toBe(true);
  });
  it("does not publish one panellist's revision on its own", () => {
    expect(mayPublish({ answers: 10, changed: 1, minGroupSize: 3 })).toBe(false);
    expect(mayPublish({ answers: 10, changed: 2, minGroupSize: 3 })).toBe(false);
    expect(mayPublish({ answers: 10, changed: 3, minGroupSize: 3 })).toBe(true);
  });
  it("never publishes a change made by fewer panellists than the minimum group size", () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), fc.integer({ min: 1, max: 50 }), (answers, changed, k) => {
        if (mayPublish({ answers, changed, minGroupSize: k }))
          expect(Math.min(answers, changed)).toBeGreaterThanOrEqual(k);
      }),
    );
  });
  it("flags moved figures and answers outside the IQR", () => {
    const f = { median: 4, q1: 3, q3: 5, agreePct: 60, nRated: 5 };
    expect(figuresMoved(f, { ...f })).toBe(false);
    expect(figuresMoved(f, { ...f, median: 3 })).toBe(true);
    expect(figuresMoved(null, f)).toBe(true);
    expect(figuresMoved(f, null)).toBe(false);
    expect(outsideIqr(2, f)).toBe(true);
    expect(outsideIqr(5, f)).toBe(false);
    expect(outsideIqr(null, f)).toBe(false);
  });
});
