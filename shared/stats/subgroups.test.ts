import { describe, expect, it } from "vitest";
import { itemFigures } from "./descriptive.js";
import { defaultScale } from "./scale.js";
import fc from "fast-check";
import { anonymisedAttributes, itemFiguresByGroup, suppressSmallGroups, unattributedOrder } from "./subgroups.js";

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

const figuresOf = (n: number) =>
  itemFigures(
    Array.from({ length: n }, () => 4),
    five,
  );

describe("suppressSmallGroups", () => {
  it("shows groups of at least the minimum size and says so for smaller ones", () => {
    const shown = suppressSmallGroups(
      [
        { group: "clinician", figures: figuresOf(5) },
        { group: "patient", figures: figuresOf(1) },
        { group: "researcher", figures: figuresOf(2) },
      ],
      3,
    );
    expect(shown).toEqual([
      { group: "clinician", figures: figuresOf(5), suppressed: false },
      { group: "patient", suppressed: true, note: "n < 3, suppressed" },
      { group: "researcher", suppressed: true, note: "n < 3, suppressed" },
    ]);
  });

  it("counts 'no opinion' answers towards the group's size", () => {
    const groups = [
      { group: "a", figures: itemFigures([4, null, null], five) },
      { group: "b", figures: itemFigures([4, 5, 2], five) },
    ];
    expect(suppressSmallGroups(groups, 3).map((g) => g.suppressed)).toEqual([false, false]);
  });

  it("suppresses a second group when only one is small, so the total minus the rest cannot reveal it", () => {
    const shown = suppressSmallGroups(
      [
        { group: "a", figures: figuresOf(6) },
        { group: "b", figures: figuresOf(1) },
        { group: "c", figures: figuresOf(4) },
      ],
      3,
    );
    expect(shown.map((g) => g.suppressed)).toEqual([false, true, true]);
  });

  it("never shows a group smaller than the minimum (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 8 }), { maxLength: 8 }), fc.integer({ min: 1, max: 6 }), (sizes, min) => {
        const groups = sizes.map((n, i) => ({ group: `g${i}`, figures: figuresOf(n) }));
        const shown = suppressSmallGroups(groups, min);
        expect(shown.map((g) => g.group)).toEqual(groups.map((g) => g.group));
        shown.forEach((g, i) => {
          if (sizes[i]! < min) expect(g.suppressed).toBe(true);
        });
        // Never exactly one hidden group beside shown ones: it could be recovered from the overall figures.
        if (groups.length > 1) expect(shown.filter((g) => g.suppressed).length).not.toBe(1);
      }),
    );
  });
});

describe("anonymisedAttributes", () => {
  const person = (stakeholderType: string, country: string | null, gender: string | null = null) => ({
    stakeholderType,
    country,
    gender,
  });

  it("suppresses a value fewer than the minimum share", () => {
    const panel = [person("A", "BE"), person("A", "BE"), person("A", "BE"), person("B", "BE")];
    // B alone would name its panellist; with it suppressed, "suppressed" alone would too, so the column goes.
    expect(anonymisedAttributes(panel, 3).map((r) => r.stakeholderType)).toEqual(Array(4).fill("n < 3, suppressed"));
    expect(anonymisedAttributes(panel, 3).map((r) => r.country)).toEqual(["BE", "BE", "BE", "BE"]);
  });

  it("suppresses columns when a combination of shown values singles out a few panellists", () => {
    const panel = [
      person("A", "BE"),
      person("A", "BE"),
      person("A", "FR"),
      person("B", "FR"),
      person("B", "FR"),
      person("B", "BE"),
    ];
    const rows = anonymisedAttributes(panel, 3);
    // Each type and each country has 3 panellists, but "A from FR" is one person: country is dropped.
    expect(rows.map((r) => r.stakeholderType)).toEqual(["A", "A", "A", "B", "B", "B"]);
    expect(new Set(rows.map((r) => r.country))).toEqual(new Set(["n < 3, suppressed"]));
  });

  it("leaves no combination shared by fewer than the minimum (property)", () => {
    const value = fc.constantFrom("x", "y", "z", null);
    fc.assert(
      fc.property(
        fc.array(fc.record({ stakeholderType: fc.constantFrom("A", "B", "C"), country: value, gender: value }), {
          maxLength: 12,
        }),
        fc.integer({ min: 1, max: 4 }),
        (panel, min) => {
          const rows = anonymisedAttributes(panel, min);
          const key = (r: (typeof rows)[number]) => JSON.stringify([r.stakeholderType, r.country, r.gender]);
          const classes = new Map<string, number>();
          for (const r of rows) classes.set(key(r), (classes.get(key(r)) ?? 0) + 1);
          if (panel.length >= min) for (const r of rows) expect(classes.get(key(r))).toBeGreaterThanOrEqual(min);
        },
      ),
    );
  });
});

describe("unattributedOrder", () => {
  it("lists texts sorted, trimmed and without blanks, whatever order they were given in", () => {
    expect(unattributedOrder([" zebra", "", "apple", "Mango "])).toEqual(["apple", "Mango", "zebra"]);
    expect(unattributedOrder(["b", "a"])).toEqual(unattributedOrder(["a", "b"]));
  });
});
