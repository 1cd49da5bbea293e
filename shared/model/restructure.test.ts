import { describe, expect, test } from "vitest";
import { AppError } from "../errors/app-error.js";
import { applyRestructuring, structureItems, type Structure } from "./restructure.js";

const levels = ["1", "2", "3", "4", "5"];
const ind = (key: string) => ({ id: key, key, statement: `S ${key}`, levels, terms: [] });
const sub = (key: string, n = 2) => ({
  id: key,
  key,
  title: `T ${key}`,
  indicators: Array.from({ length: n }, (_, i) => ind(`${key}.${i + 1}`)),
});
const model = (): Structure => [
  { id: "I", key: "I", title: "D I", subdomains: [sub("I.1"), sub("I.2"), sub("I.3")] },
  { id: "II", key: "II", title: "D II", subdomains: [sub("II.1")] },
];
const newIds = () => {
  let n = 0;
  return () => `+${++n}`;
};
const keys = (s: Structure) =>
  structureItems(s)
    .filter((i) => i.kind !== "levels")
    .map((i) => i.key);
const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    if (error instanceof AppError) return { path: error.details[0]!.path, code: error.code };
    throw error;
  }
  throw new Error("not refused");
};

describe("restructuring a model", () => {
  test("merging two subdomains keeps their indicators and renumbers the domain", () => {
    const { structure, step } = applyRestructuring(
      model(),
      { operation: "merge", keys: ["I.1", "I.2"], wording: "M" },
      newIds(),
    );
    expect(keys(structure)).toEqual([
      "I",
      "I.1",
      "I.1.1",
      "I.1.2",
      "I.1.3",
      "I.1.4",
      "I.2",
      "I.2.1",
      "I.2.2",
      "II",
      "II.1",
      "II.1.1",
      "II.1.2",
    ]);
    expect(structure[0]!.subdomains[0]!.indicators.map((i) => i.id)).toEqual(["I.1.1", "I.1.2", "I.2.1", "I.2.2"]);
    expect(structure[0]!.subdomains[1]!.id).toBe("I.3");
    expect(step).toEqual({
      change: "merged",
      kind: "subdomain",
      from: [
        { id: "I.1", key: "I.1" },
        { id: "I.2", key: "I.2" },
      ],
      to: [{ id: "+1", key: "I.1" }],
    });
  });

  test("the input structure is never changed", () => {
    const before = model();
    const copy = structuredClone(before);
    applyRestructuring(before, { operation: "move", key: "I.1.1", to: "II.1" }, newIds());
    expect(before).toEqual(copy);
  });

  test("a moved indicator is numbered at the end of its new subdomain; the old one closes the gap", () => {
    const { structure } = applyRestructuring(model(), { operation: "move", key: "I.1.1", to: "II.1" }, newIds());
    const moved = structureItems(structure).find((i) => i.id === "I.1.1")!;
    expect(moved.key).toBe("II.1.3");
    expect(structure[0]!.subdomains[0]!.indicators.map((i) => [i.id, i.key])).toEqual([["I.1.2", "I.1.1"]]);
  });

  test("splitting a subdomain needs every indicator assigned once", () => {
    const split = (children: string[][]) =>
      applyRestructuring(
        model(),
        { operation: "split", key: "I.2", into: children.map((c, i) => ({ wording: `P${i}`, children: c })) },
        newIds(),
      );
    expect(keys(split([["I.2.1"], ["I.2.2"]]).structure)).toContain("I.4.1");
    expect(refusal(() => split([["I.2.1"], ["I.2.1"]]))).toEqual({ path: "into[1].children[0]", code: "validation" });
    expect(refusal(() => split([["I.2.1"], ["I.9.9"]]))).toEqual({ path: "into[1].children[0]", code: "validation" });
    expect(refusal(() => split([["I.2.1", "I.2.2"], ["I.2.2"]]))).toMatchObject({ path: "into[1].children[0]" });
  });

  test("operations the model cannot represent are refused naming the field", () => {
    const ids = newIds();
    expect(
      refusal(() => applyRestructuring(model(), { operation: "merge", keys: ["I.1", "I.1.1"], wording: "x" }, ids)),
    ).toMatchObject({ path: "keys[1]" });
    expect(refusal(() => applyRestructuring(model(), { operation: "move", key: "I", to: "II" }, ids))).toMatchObject({
      path: "key",
    });
    expect(refusal(() => applyRestructuring(model(), { operation: "move", key: "I.1", to: "I" }, ids))).toMatchObject({
      path: "to",
    });
    expect(
      refusal(() =>
        applyRestructuring(model(), { operation: "add", kind: "indicator", parent: "I", wording: "x", levels }, ids),
      ),
    ).toMatchObject({ path: "parent" });
    expect(
      refusal(() => applyRestructuring(model(), { operation: "rename", key: "I.1", newKey: "X" }, ids)),
    ).toMatchObject({ path: "newKey" });
    // Moving the only indicator out would leave its subdomain empty.
    const single: Structure = [{ id: "I", key: "I", title: "D", subdomains: [sub("I.1", 1), sub("I.2", 1)] }];
    expect(
      refusal(() => applyRestructuring(single, { operation: "move", key: "I.1.1", to: "I.2" }, ids)),
    ).toMatchObject({ path: "key" });
  });

  test("re-keying a domain re-keys everything in it", () => {
    const { structure } = applyRestructuring(
      model(),
      { operation: "rename", key: "II", newKey: "VII", wording: "D VII" },
      newIds(),
    );
    expect(keys(structure).slice(-4)).toEqual(["VII", "VII.1", "VII.1.1", "VII.1.2"]);
  });
});
