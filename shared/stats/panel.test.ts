import { describe, expect, it } from "vitest";
import { close, reference } from "./fixtures/reference.js";
import { categoryTable, fleissKappa, kendallW, panelAgreement } from "./panel.js";

describe("panelAgreement vs statsmodels / textbook reference", () => {
  it.each(reference.panels.map((p) => [p.id, p] as const))("%s", (_id, p) => {
    const a = panelAgreement(p.ratings, p.scale);
    expect(a.nRaters).toBe(p.expected.nRaters);
    expect(a.nItems).toBe(p.expected.nItems);
    const complete = p.ratings.filter((row) => row.every((v) => v !== null)) as number[][];
    expect(categoryTable(complete, a.nItems, p.scale, "points")).toEqual(p.expected.pointTable);
    expect(
      close(a.fleissKappaPoints, p.expected.fleissKappaPoints),
      `κ points ${a.fleissKappaPoints} vs ${p.expected.fleissKappaPoints}`,
    ).toBe(true);
    expect(close(a.fleissKappaAgreement, p.expected.fleissKappaCategories), `κ bands ${a.fleissKappaAgreement}`).toBe(
      true,
    );
    expect(close(a.kendallW, p.expected.kendallW), `W ${a.kendallW} vs ${p.expected.kendallW}`).toBe(true);
  });
});

describe("fleissKappa", () => {
  it("reproduces Fleiss (1971) / Wikipedia example, κ ≈ 0.210", () => {
    const table = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    expect(fleissKappa(table)).toBeCloseTo(0.20993070442195522, 12);
  });

  it("is null with a single item or a single rater", () => {
    expect(fleissKappa([[1, 2, 0]])).toBeNull();
    expect(
      fleissKappa([
        [1, 0],
        [0, 1],
      ]),
    ).toBeNull();
  });

  it("is null for unequal rater counts", () => {
    expect(
      fleissKappa([
        [1, 1],
        [2, 1],
      ]),
    ).toBeNull();
  });
});

describe("kendallW", () => {
  it("is 1 for identical rankings and 0 for opposite pairs", () => {
    expect(
      kendallW([
        [1, 2, 3],
        [1, 2, 3],
      ]),
    ).toBe(1);
    expect(
      kendallW([
        [1, 2, 3],
        [3, 2, 1],
      ]),
    ).toBe(0);
  });

  it("is null with one rater (not 1) and with one item", () => {
    expect(kendallW([[1, 2, 3]])).toBeNull();
    expect(kendallW([[1], [2], [3]])).toBeNull();
  });
});

describe("panelAgreement guards", () => {
  it("gives no coefficient when only one panellist rated every item", () => {
    const a = panelAgreement(
      [
        [1, 4, 2],
        [2, null, 3],
      ],
      { points: 5, agreeFrom: 4, disagreeTo: 2 },
    );
    expect(a).toMatchObject({ nRaters: 1, nRatersExcluded: 1, kendallW: null, fleissKappaPoints: null });
  });
});
