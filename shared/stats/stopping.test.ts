import { describe, expect, it } from "vitest";
import {
  type StoppingItem,
  type StoppingRule,
  assertValidStoppingRule,
  describeStoppingRule,
  evaluateStopping,
} from "./stopping.js";

const stable = (key: string, status: StoppingItem["status"] = "reevaluate"): StoppingItem => ({
  key,
  status,
  stability: { nPairs: 10, changedCategoryPct: 10, wilcoxonP: 0.5, nNonZero: 3 },
});

describe("evaluateStopping", () => {
  it("without a rule never says stop, and says why", () => {
    expect(evaluateStopping(undefined, { number: 2, items: [stable("a")] })).toEqual({
      stop: false,
      reasons: ["no stopping rule was fixed before round 1"],
    });
  });

  it("stops when enough items reached a status (computed statuses, at least the share asked)", () => {
    const rule: StoppingRule = { itemsReached: { pct: 75, statuses: ["validated", "dropped"] } };
    const items: StoppingItem[] = [
      stable("a", "validated"),
      stable("b", "dropped"),
      stable("c", "validated"),
      stable("d", "insufficient"),
    ];
    expect(evaluateStopping(rule, { number: 1, items })).toEqual({
      stop: true,
      reasons: ["met: 3 of 4 items validated or dropped (75 %; the rule asks ≥ 75 %)"],
    });
    const fewer = evaluateStopping(rule, { number: 1, items: [...items, stable("e")] });
    expect(fewer.stop).toBe(false);
    expect(fewer.reasons[0]).toBe("not met: 3 of 5 items validated or dropped (60 %; the rule asks ≥ 75 %)");
    expect(evaluateStopping(rule, { number: 1, items: [] }).stop).toBe(false);
  });

  it("stability cannot hold after round 1", () => {
    const rule: StoppingRule = { stability: { maxChangedPct: 15, minWilcoxonP: 0.05 } };
    const v = evaluateStopping(rule, { number: 1, items: [{ key: "a", status: "reevaluate", stability: null }] });
    expect(v).toEqual({ stop: false, reasons: ["not met: stability needs a previous round: round 1 has none"] });
  });

  it("stops when every item still to be rated again is stable; settled items need no stability", () => {
    const rule: StoppingRule = { stability: { maxChangedPct: 15, minWilcoxonP: 0.05 } };
    const items: StoppingItem[] = [
      stable("a"),
      stable("b", "reformulate"),
      { key: "c", status: "validated", stability: null },
      // nothing moved: SciPy's p can be undefined (NaN), yet the item is stable
      {
        key: "d",
        status: "insufficient",
        stability: { nPairs: 20, changedCategoryPct: 0, wilcoxonP: null, nNonZero: 0 },
      },
    ];
    expect(evaluateStopping(rule, { number: 2, items })).toEqual({
      stop: true,
      reasons: ["met: all 3 items still to be rated again are stable since round 1"],
    });
  });

  it("names the items that are not stable and why", () => {
    const rule: StoppingRule = { stability: { maxChangedPct: 15, minWilcoxonP: 0.05 } };
    const items: StoppingItem[] = [
      stable("a"),
      { key: "b", status: "reevaluate", stability: { nPairs: 8, changedCategoryPct: 25, wilcoxonP: 0.5, nNonZero: 4 } },
      {
        key: "c",
        status: "reevaluate",
        stability: { nPairs: 8, changedCategoryPct: 12.5, wilcoxonP: 0.0123, nNonZero: 6 },
      },
      { key: "d", status: "reformulate", stability: null },
      { key: "e", status: "reevaluate", stability: { nPairs: 1, changedCategoryPct: 0, wilcoxonP: null, nNonZero: 1 } },
    ];
    const v = evaluateStopping(rule, { number: 3, items });
    expect(v.stop).toBe(false);
    expect(v.reasons).toEqual([
      "not met: 4 of 5 items still to be rated again are not stable since round 2: b (25 % changed band > 15 %), " +
        "c (Wilcoxon p 0.0123 < 0.05), d (not rated by the same panellists in round 2), e (Wilcoxon p undefined)",
    ]);
  });

  it("with no item left to rate again, stability holds", () => {
    const rule: StoppingRule = { stability: { maxChangedPct: 0, minWilcoxonP: 1 } };
    const v = evaluateStopping(rule, { number: 2, items: [stable("a", "validated"), stable("b", "dropped")] });
    expect(v).toEqual({ stop: true, reasons: ["met: no item remains to be rated again"] });
  });

  it("stops after the last round allowed, and any one criterion is enough", () => {
    const rule: StoppingRule = { itemsReached: { pct: 90, statuses: ["validated"] }, maxRounds: 3 };
    const items = [stable("a", "validated"), stable("b")];
    expect(evaluateStopping(rule, { number: 2, items })).toEqual({
      stop: false,
      reasons: ["not met: 1 of 2 items validated (50 %; the rule asks ≥ 90 %)", "not met: round 2 of at most 3 closed"],
    });
    expect(evaluateStopping(rule, { number: 3, items })).toEqual({
      stop: true,
      reasons: ["not met: 1 of 2 items validated (50 %; the rule asks ≥ 90 %)", "met: round 3 of at most 3 has closed"],
    });
  });
});

describe("stopping rule validation and wording", () => {
  it("rejects malformed criteria, naming the field", () => {
    expect(() => assertValidStoppingRule({})).toThrow(/at least one of/);
    expect(() => assertValidStoppingRule({ itemsReached: { pct: 0, statuses: ["validated"] } })).toThrow(
      /itemsReached.pct/,
    );
    expect(() => assertValidStoppingRule({ itemsReached: { pct: 80, statuses: [] } })).toThrow(/itemsReached.statuses/);
    expect(() =>
      assertValidStoppingRule({ itemsReached: { pct: 80, statuses: ["insufficient" as "validated"] } }),
    ).toThrow(/unknown status "insufficient"/);
    expect(() => assertValidStoppingRule({ stability: { maxChangedPct: 101, minWilcoxonP: 0.05 } })).toThrow(
      /maxChangedPct/,
    );
    expect(() => assertValidStoppingRule({ stability: { maxChangedPct: 10, minWilcoxonP: 2 } })).toThrow(
      /minWilcoxonP/,
    );
    expect(() => assertValidStoppingRule({ maxRounds: 0 })).toThrow(/maxRounds/);
  });

  it("describes each criterion", () => {
    expect(
      describeStoppingRule({
        itemsReached: { pct: 80, statuses: ["validated"] },
        stability: { maxChangedPct: 15, minWilcoxonP: 0.05 },
        maxRounds: 3,
      }),
    ).toEqual([
      "at least 80 % of a round's items validated",
      "every item still to be rated again stable since the previous round: at most 15 % of its panellists changed agreement band and Wilcoxon p ≥ 0.05",
      "round 3 has closed (at most 3 rounds)",
    ]);
    expect(describeStoppingRule(undefined)).toEqual([]);
  });
});
