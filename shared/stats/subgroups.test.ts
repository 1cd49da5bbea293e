import { describe, expect, it } from "vitest";
import { itemFigures } from "./descriptive.js";
import { defaultScale } from "./scale.js";
import { itemFiguresByGroup } from "./subgroups.js";

const five = defaultScale(5);
const answers = [
  { value: 5, stakeholderType: "clinician", country: "BE", gender: "f" },
  { value: 4, stakeholderType: "patient", country: "FR", gender: "m" },
  { value: null, stakeholderType: "clinician", country: "BE", gender: "m" },
  { value: 2, stakeholderType: "researcher", country: "FR", gender: null },
  { value: 4, stakeholderType: "clinician", country: undefined, gender: "f" },
];

describe("itemFiguresByGroup", () => {
  it("computes the item figures of each group, groups sorted", () => {
    const byType = itemFiguresByGroup(answers, "stakeholderType", five);
    expect(byType.map((g) => g.group)).toEqual(["clinician", "patient", "researcher"]);
    expect(byType[0]?.figures).toEqual(itemFigures([5, null, 4], five));
    expect(byType[0]?.figures).toMatchObject({ nRated: 2, nNoOpinion: 1, agreePct: 100 });
  });

  it("puts panellists without the attribute in a trailing null group", () => {
    const byCountry = itemFiguresByGroup(answers, "country", five);
    expect(byCountry.map((g) => g.group)).toEqual(["BE", "FR", null]);
    expect(byCountry[2]?.figures.nRated).toBe(1);
    expect(itemFiguresByGroup(answers, "gender", five).map((g) => g.group)).toEqual(["f", "m", null]);
  });

  it("returns no groups for no answers", () => {
    expect(itemFiguresByGroup([] as typeof answers, "country", five)).toEqual([]);
  });
});
