import { describe, expect, it } from "vitest";
import {
  B1MG_2021_RULE,
  CONSENSUS_PRESETS,
  type ConsensusRule,
  MEDIAN_IQR_RULE,
  RAND_UCLA_RULE,
  evaluateItem,
  evaluateRule,
  consensusFigures,
  percentAgreementRule,
  requiredAnswers,
  DEFAULT_MIN_ANSWERS,
  assertValidRule,
} from "./consensus.js";
import { defaultScale } from "./scale.js";
import type { Answer } from "./scale.js";

const five = defaultScale(5);
const nine = defaultScale(9);

/** A 14-person panel: `agree` 4s, `neutral` 3s, `disagree` 2s. */
function panel(agree: number, neutral: number, disagree: number): Answer[] {
  return [...Array(agree).fill(4), ...Array(neutral).fill(3), ...Array(disagree).fill(2)];
}

describe("B1MG 2021 preset, 14 panellists, 5-point scale", () => {
  it("12 agree / 2 neutral → validated (85.7 % rounds to 86 %)", () => {
    const r = evaluateItem(B1MG_2021_RULE, panel(12, 2, 0), five);
    expect(r.status).toBe("validated");
    expect(r.clauseIndex).toBe(0);
    expect(r.reason).toContain("agreement 86 % (85.71 %) ≥ 86 %");
  });

  it("11 agree / 3 neutral → validated (79 % without disagreement)", () => {
    const r = evaluateItem(B1MG_2021_RULE, panel(11, 3, 0), five);
    expect(r).toMatchObject({ status: "validated", clauseIndex: 1 });
    expect(r.reason).toContain("disagreement 0 % = 0 %");
  });

  it("11 agree / 2 neutral / 1 disagree → reformulate", () => {
    const r = evaluateItem(B1MG_2021_RULE, panel(11, 2, 1), five);
    expect(r).toMatchObject({ status: "reformulate", clauseIndex: 2 });
    expect(r.reason).toContain("disagreement 7 % (7.14 %) ≥ 7 %");
  });

  it("10 agree / 4 neutral → reevaluate", () => {
    expect(evaluateItem(B1MG_2021_RULE, panel(10, 4, 0), five)).toMatchObject({ status: "reevaluate", clauseIndex: 3 });
  });

  it("ignores no-opinion answers in the percentages", () => {
    expect(evaluateItem(B1MG_2021_RULE, [...panel(12, 2, 0), null, null], five).status).toBe("validated");
  });
});

describe("other presets", () => {
  it("are registered under their ids", () => {
    for (const [key, rule] of Object.entries(CONSENSUS_PRESETS)) expect(rule.id).toBe(key);
    expect(Object.keys(CONSENSUS_PRESETS)).toEqual([
      "b1mg-2021",
      "agreement-70",
      "agreement-75",
      "agreement-80",
      "median-iqr",
      "rand-ucla",
    ]);
  });

  it("percent agreement thresholds compare unrounded figures", () => {
    const answers = [...Array(7).fill(5), ...Array(3).fill(1)]; // 70 %
    expect(evaluateItem(percentAgreementRule(70), answers, five).status).toBe("validated");
    expect(evaluateItem(percentAgreementRule(75), answers, five).status).toBe("reevaluate");
    const justBelow = [...Array(69).fill(5), ...Array(30).fill(1)]; // 69.7 %
    expect(evaluateItem(percentAgreementRule(70), justBelow, five).status).toBe("reevaluate");
  });

  it("median ≥ 4 and IQR ≤ 1", () => {
    expect(evaluateItem(MEDIAN_IQR_RULE, [4, 4, 5, 5, 4, 3], five).status).toBe("validated");
    expect(evaluateItem(MEDIAN_IQR_RULE, [1, 2, 4, 5, 5, 5], five).status).toBe("reevaluate");
  });

  it("RAND/UCLA: appropriate only with median 7–9 and no disagreement", () => {
    expect(evaluateItem(RAND_UCLA_RULE, [7, 8, 8, 9, 7, 8, 9], nine).status).toBe("validated");
    expect(evaluateItem(RAND_UCLA_RULE, [1, 1, 1, 2, 9, 9, 9, 9, 9], nine).status).toBe("reevaluate");
    expect(evaluateItem(RAND_UCLA_RULE, [4, 5, 5, 5, 6], nine).status).toBe("reevaluate");
    // undefined on 5-point scales: the condition cannot hold
    expect(evaluateItem(RAND_UCLA_RULE, [5, 5, 5], five).status).toBe("reevaluate");
  });
});

describe("rule engine", () => {
  it("takes the first matching clause", () => {
    const rule: ConsensusRule = {
      minAnswers: { count: 1 },
      clauses: [
        { status: "dropped", when: [{ figure: "nRated", op: "<", value: 3 }] },
        { status: "validated", when: [{ figure: "agreePct", op: ">", value: 50 }] },
      ],
    };
    expect(evaluateItem(rule, [5, 5], five)).toMatchObject({ status: "dropped", clauseIndex: 0 });
    expect(evaluateItem(rule, [5, 5, 5], five)).toMatchObject({ status: "validated", clauseIndex: 1 });
  });

  it("falls back when nothing matches", () => {
    const rule: ConsensusRule = {
      clauses: [{ status: "validated", when: [{ figure: "median", op: "==", value: 9 }] }],
      fallback: "dropped",
    };
    expect(evaluateItem(rule, [1, 1, 2], five)).toMatchObject({ status: "dropped", clauseIndex: null });
    expect(evaluateItem({ clauses: [] }, [1, 2, 3], five).status).toBe("reevaluate");
  });

  it("treats unavailable figures as not satisfying any condition", () => {
    const rule: ConsensusRule = {
      minAnswers: { count: 1 },
      clauses: [{ status: "validated", when: [{ figure: "sd", op: "<", value: 100 }] }],
    };
    expect(evaluateItem(rule, [3], five)).toMatchObject({ clauseIndex: null, status: "reevaluate" }); // SD of one rating
    expect(evaluateItem(rule, [null], five)).toMatchObject({ clauseIndex: null, status: "insufficient" });
  });

  it("rejects malformed rules", () => {
    const bad = {
      clauses: [{ status: "validated", when: [{ figure: "randDisagreement", op: ">=", value: true }] }],
    } as ConsensusRule;
    expect(() => evaluateRule(bad, consensusFigures([1], nine))).toThrow(TypeError);
    const mismatch = {
      clauses: [{ status: "validated", when: [{ figure: "median", op: ">=", value: true }] }],
    } as ConsensusRule;
    expect(() => evaluateRule(mismatch, consensusFigures([1], nine))).toThrow(TypeError);
  });
});

describe("minimum answers per item", () => {
  // Per preset: one rated answer short of the minimum is "insufficient", never validated, even when every
  // answer agrees; at the minimum the clauses apply again.
  const unanimous = (points: 5 | 9, n: number): Answer[] => Array(n).fill(points === 5 ? 5 : 9);
  it.each(Object.entries(CONSENSUS_PRESETS))("preset %s: below the minimum the item is insufficient", (_id, rule) => {
    const points = rule.id === "rand-ucla" ? 9 : 5;
    const scale = points === 5 ? five : nine;
    const required = requiredAnswers(rule);
    expect(required).toBe(3);
    for (const n of [0, 1, required - 1]) {
      const r = evaluateItem(rule, [...unanimous(points, n), null, null], scale);
      expect(r.status).toBe("insufficient");
      expect(r.clauseIndex).toBeNull();
      expect(r.reason).toBe(
        `insufficient answers: ${n} rated answer${n === 1 ? "" : "s"}, the rule needs at least ${required}`,
      );
    }
    expect(evaluateItem(rule, unanimous(points, required), scale).status).toBe("validated");
  });

  it("a rule stored before the field existed gets the presets' minimum of 3", () => {
    const old: ConsensusRule = { clauses: [{ status: "validated", when: [] }] };
    expect(DEFAULT_MIN_ANSWERS).toEqual({ count: 3 });
    expect(evaluateItem(old, [5, 5], five).status).toBe("insufficient");
    expect(evaluateItem(old, [5, 5, 5], five).status).toBe("validated");
  });

  it("a share of the panel is rounded up and combined with a count by taking the larger", () => {
    const rule: ConsensusRule = { minAnswers: { panelPct: 50 }, clauses: [{ status: "validated", when: [] }] };
    expect(requiredAnswers(rule, { panelSize: 7 })).toBe(4);
    expect(requiredAnswers({ ...rule, minAnswers: { panelPct: 50, count: 5 } }, { panelSize: 7 })).toBe(5);
    expect(requiredAnswers({ ...rule, minAnswers: { panelPct: 10, count: 2 } }, { panelSize: 7 })).toBe(2);
    const r = evaluateItem(rule, [5, 5, 5], five, { panelSize: 7 });
    expect(r.status).toBe("insufficient");
    expect(r.reason).toBe(
      "insufficient answers: 3 rated answers, the rule needs at least 4 (at least 50 % of the panel (rounded up), panel of 7)",
    );
    expect(evaluateItem(rule, [5, 5, 5, 5], five, { panelSize: 7 }).status).toBe("validated");
    expect(() => evaluateItem(rule, [5], five)).toThrow(/panel size/);
  });

  it("rejects a malformed minimum", () => {
    const base = { clauses: [{ status: "validated" as const, when: [] }] };
    expect(() => assertValidRule({ ...base, minAnswers: {} })).toThrow(/give count, panelPct or both/);
    expect(() => assertValidRule({ ...base, minAnswers: { count: 0 } })).toThrow(/minAnswers.count/);
    expect(() => assertValidRule({ ...base, minAnswers: { count: 2.5 } })).toThrow(/minAnswers.count/);
    expect(() => assertValidRule({ ...base, minAnswers: { panelPct: 120 } })).toThrow(/minAnswers.panelPct/);
  });

  it("a clause may not produce the computed-only status", () => {
    const bad = { clauses: [{ status: "insufficient", when: [] }] } as unknown as ConsensusRule;
    expect(() => assertValidRule(bad)).toThrow(/unknown status "insufficient"/);
  });
});
