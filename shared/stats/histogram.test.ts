import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { consensusFiguresOf, CONSENSUS_PRESETS, evaluateItem, evaluateRule } from "./consensus.js";
import { itemFigures, itemFiguresFromCounts } from "./descriptive.js";
import { addAnswers, countAnswers, emptyCounts, quantileType7FromCounts, type ValueCounts } from "./histogram.js";
import { quantileType7, sortedAscending } from "./quantile.js";
import { randDisagreement, randDisagreementFromCounts } from "./rand-ucla.js";
import { type Answer, type Scale, defaultScale } from "./scale.js";
import { itemFiguresByGroup, itemFiguresByGroupFromCounts, type GroupValue } from "./subgroups.js";

const scaleArb: fc.Arbitrary<Scale> = fc.constantFrom(
  defaultScale(5),
  defaultScale(9),
  { points: 9, agreeFrom: 8, disagreeTo: 2 },
  { points: 5, agreeFrom: 5, disagreeTo: 1 },
);
const answersFor = (scale: Scale, maxLength = 80) =>
  fc.array(fc.option(fc.integer({ min: 1, max: scale.points }), { nil: null, freq: 6 }), { maxLength });
const scaledAnswers = scaleArb.chain((scale) => fc.tuple(fc.constant(scale), answersFor(scale)));

/** Byte for byte, as closeRound stores them (JSON), and value for value (Object.is: 0 is not −0). */
function expectSame(actual: unknown, expected: unknown) {
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
  expect(actual).toStrictEqual(expected);
}

describe("figures from value counts", () => {
  it("itemFiguresFromCounts gives exactly itemFigures of the answers", () => {
    fc.assert(
      fc.property(scaledAnswers, ([scale, answers]) => {
        expectSame(itemFiguresFromCounts(countAnswers(answers, scale), scale), itemFigures(answers, scale));
      }),
      { numRuns: 500 },
    );
  });

  it("randDisagreementFromCounts gives exactly randDisagreement of the answers", () => {
    fc.assert(
      fc.property(scaledAnswers, ([scale, answers]) => {
        expectSame(randDisagreementFromCounts(countAnswers(answers, scale), scale), randDisagreement(answers, scale));
      }),
      { numRuns: 500 },
    );
  });

  it("quantiles from counts are the sorted answers' quantiles, at any probability", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 120 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, p) => {
          const counts = countAnswers(values, defaultScale(9)).counts;
          expect(Object.is(quantileType7FromCounts(counts, p), quantileType7(sortedAscending(values), p))).toBe(true);
        },
      ),
    );
  });

  it("large panels: counts in the thousands give the figures of the expanded answers", () => {
    fc.assert(
      fc.property(
        scaleArb.chain((scale) =>
          fc.tuple(
            fc.constant(scale),
            fc.array(fc.nat({ max: 3_000 }), { minLength: scale.points, maxLength: scale.points }),
            fc.nat({ max: 500 }),
          ),
        ),
        ([scale, counts, noOpinion]) => {
          const answers: Answer[] = counts.flatMap((c, i) => new Array<Answer>(c).fill(i + 1));
          answers.push(...new Array<Answer>(noOpinion).fill(null));
          const histogram: ValueCounts = { counts, noOpinion };
          expectSame(itemFiguresFromCounts(histogram, scale), itemFigures(answers, scale));
          expectSame(randDisagreementFromCounts(histogram, scale), randDisagreement(answers, scale));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("subgroup figures from per-group counts equal itemFiguresByGroup, groups in the same order", () => {
    const groupArb = fc.constantFrom<GroupValue>(null, "clinician", "patient", "BE", "Zürich", "a", "A");
    fc.assert(
      fc.property(
        scaleArb.chain((scale) =>
          fc.tuple(
            fc.constant(scale),
            fc.array(
              fc.record({
                value: fc.option(fc.integer({ min: 1, max: scale.points }), { nil: null }),
                group: groupArb,
              }),
              { maxLength: 80 },
            ),
          ),
        ),
        ([scale, tagged]) => {
          const groups = new Map<GroupValue, ValueCounts>();
          for (const t of tagged) {
            const h = groups.get(t.group) ?? groups.set(t.group, emptyCounts(scale)).get(t.group)!;
            addAnswers(h, t.value, 1, scale);
          }
          expectSame(itemFiguresByGroupFromCounts(groups, scale), itemFiguresByGroup(tagged, "group", scale));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a rule evaluated on figures from counts reaches the status and reason evaluateItem reaches", () => {
    fc.assert(
      fc.property(
        scaledAnswers,
        fc.constantFrom(...Object.values(CONSENSUS_PRESETS)),
        fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
        ([scale, answers], rule, panelSize) => {
          const h = countAnswers(answers, scale);
          const figures = consensusFiguresOf(itemFiguresFromCounts(h, scale), randDisagreementFromCounts(h, scale));
          expectSame(evaluateRule(rule, figures, { panelSize }), evaluateItem(rule, answers, scale, { panelSize }));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("refuses what the row-based figures refuse: values off the scale, wrong histogram sizes", () => {
    const scale = defaultScale(5);
    expect(() => addAnswers(emptyCounts(scale), 6, 1, scale)).toThrow(RangeError);
    expect(() => addAnswers(emptyCounts(scale), 2, -1, scale)).toThrow(RangeError);
    expect(() => itemFiguresFromCounts({ counts: [1, 2, 3], noOpinion: 0 }, scale)).toThrow(RangeError);
    expect(() => quantileType7FromCounts([0, 0, 0, 0, 0], 0.5)).toThrow(RangeError);
  });

  it("a known histogram: 9-point counts give the figures the reference values pin", () => {
    // answers 1,2,2,3,7,7,7,8,9,9 and two "no opinion" (descriptive.test.ts pins the row-based ones)
    const scale = defaultScale(9);
    const f = itemFiguresFromCounts({ counts: [1, 2, 1, 0, 0, 0, 3, 1, 2], noOpinion: 2 }, scale);
    expect(f).toMatchObject({ nRated: 10, nNoOpinion: 2, median: 7, q1: 2.25, q3: 7.75, iqr: 5.5, mean: 5.5 });
    expect(f.agreePct).toBe(60);
    expect(f.disagreePct).toBe(40);
    expect(f.modes).toEqual([7]);
  });
});
