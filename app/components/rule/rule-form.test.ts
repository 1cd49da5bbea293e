import { describe, expect, it } from "vitest";
import { stoppingRuleSchema, minAnswersSchema } from "../../../shared/delphi/schemas";
import { minAnswersFromForm, stoppingFromForm } from "./rule-form";

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

describe("rule settings from the new-consultation form", () => {
  it("blank fields leave the preset's minimum and no stopping rule", () => {
    expect(minAnswersFromForm(form({ minAnswers: " ", minAnswersPct: "" }))).toBeUndefined();
    expect(stoppingFromForm(form({ stopItemsPct: "80", stopMaxRounds: "" }))).toBeUndefined();
  });

  it("ticked criteria become the stopping rule the schema accepts", () => {
    const rule = stoppingFromForm(
      form({
        stopItems: "on",
        stopItemsPct: "80",
        stopItemsStatuses: "settled",
        stopStable: "on",
        stopStableChanged: "15",
        stopStableP: "0.05",
        stopMaxRounds: "3",
      }),
    );
    expect(rule).toEqual({
      itemsReached: { pct: 80, statuses: ["validated", "dropped"] },
      stability: { maxChangedPct: 15, minWilcoxonP: 0.05 },
      maxRounds: 3,
    });
    expect(stoppingRuleSchema.safeParse(rule).success).toBe(true);
    const min = minAnswersFromForm(form({ minAnswers: "4", minAnswersPct: "50" }));
    expect(min).toEqual({ count: 4, panelPct: 50 });
    expect(minAnswersSchema.safeParse(min).success).toBe(true);
  });

  it("a ticked criterion with a blank or garbled number is rejected naming the field, not dropped", () => {
    const rule = stoppingFromForm(
      form({ stopItems: "on", stopItemsPct: "", stopStable: "on", stopStableChanged: "x" }),
    );
    const issues = stoppingRuleSchema.safeParse(rule).error!.issues.map((i) => i.path.join("."));
    expect(issues).toEqual(
      expect.arrayContaining(["itemsReached.pct", "stability.maxChangedPct", "stability.minWilcoxonP"]),
    );
    expect(minAnswersSchema.safeParse(minAnswersFromForm(form({ minAnswers: "three" }))).success).toBe(false);
  });
});
