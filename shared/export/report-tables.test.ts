import { describe, expect, test } from "vitest";
import { cellTexts, compositionColumns, OUTCOME_COLUMNS, PARTICIPATION_COLUMNS, RESULT_COLUMNS } from "./report-tables";

const counts = (validated: number, reformulate: number) => ({
  validated,
  reformulate,
  reevaluate: 0,
  dropped: 0,
  insufficient: 0,
});

describe("the report's shared tables", () => {
  test("an outcome count shows computed → final only where a decision changed it", () => {
    const row = { round: 1, items: 4, computed: counts(3, 1), final: counts(4, 0), undecided: 0 };
    expect(OUTCOME_COLUMNS.map((c) => c.header)).toEqual([
      "Round",
      "Items",
      "validated",
      "reformulate",
      "re-evaluate",
      "dropped",
      "insufficient answers",
      "Undecided",
    ]);
    expect(cellTexts(OUTCOME_COLUMNS, row)).toEqual(["1", "4", "3 → 4", "1 → 0", "0", "0", "0", "0"]);
  });

  test("participation rates are percentages, missing ones a dash", () => {
    const row = {
      round: 2,
      status: "closed",
      openedAt: "2026-03-01T09:30:00.000Z",
      closedAt: null,
      invited: 14,
      joined: 13,
      started: 12,
      completed: 11,
      partial: 1,
      responseRate: 78.571,
      retention: null,
    };
    expect(cellTexts(PARTICIPATION_COLUMNS, row)).toEqual([
      "2",
      "closed",
      "2026-03-01 09:30 UTC",
      "—",
      "14",
      "13",
      "12",
      "11",
      "1",
      "78.6 %",
      "—",
    ]);
  });

  test("a result row names an undecided item so, and a group below the minimum size keeps its note", () => {
    const item = { key: "I.1.1", kind: "indicator", n: 3, nNoOpinion: 0, agreePct: 66.67, median: 4, iqr: 1.5 };
    expect(cellTexts(RESULT_COLUMNS, { ...item, status: "reformulate", decision: null })).toEqual([
      "I.1.1",
      "indicator",
      "3",
      "0",
      "66.7",
      "4",
      "1.5",
      "reformulate",
      "undecided",
    ]);
    const small = { value: "CY", invited: 2, joined: null, tookPart: null, note: "fewer than 3" };
    expect(cellTexts(compositionColumns("Country"), small)).toEqual(["CY", "2", "fewer than 3", ""]);
    expect(cellTexts(compositionColumns("Country"), { value: null, invited: 5, joined: 4, tookPart: 0 })).toEqual([
      "not recorded",
      "5",
      "4",
      "0",
    ]);
  });
});
