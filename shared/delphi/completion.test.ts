import { describe, expect, test } from "vitest";
import { completionCounts, completionStatus, progressDistribution } from "./completion";

describe("completion", () => {
  test("complete needs a submission and every item answered", () => {
    expect(completionStatus(10, 10, true)).toBe("complete");
    expect(completionStatus(10, 10, false)).toBe("partial");
    expect(completionStatus(7, 10, true)).toBe("partial");
    expect(completionStatus(0, 10, true)).toBe("not-started");
    expect(completionStatus(0, 10, false)).toBe("not-started");
  });

  test("counts split partial into submitted with blanks and still answering", () => {
    const counts = completionCounts(
      [
        { answered: 4, submitted: true },
        { answered: 3, submitted: true },
        { answered: 2, submitted: false },
        { answered: 0, submitted: false },
      ],
      4,
    );
    expect(counts).toEqual({ complete: 1, partial: 2, submittedPartial: 1, notStarted: 1 });
  });

  test("the distribution lists every band and places each panellist once", () => {
    const bands = progressDistribution([0, 1, 5, 10, 15, 19, 20, 20], 20);
    expect(bands).toEqual([
      { band: "none", panellists: 1 },
      { band: "under 25 %", panellists: 1 },
      { band: "25–49 %", panellists: 1 },
      { band: "50–74 %", panellists: 1 },
      { band: "75–99 %", panellists: 2 },
      { band: "all", panellists: 2 },
    ]);
    expect(bands.reduce((n, b) => n + b.panellists, 0)).toBe(8);
  });
});
