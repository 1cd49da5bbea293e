import { describe, expect, test } from "vitest";
import { itemTree, leavesByNode, matchingPreset, presetItems, type ChoosableItem } from "./item-tree.js";

const items: ChoosableItem[] = [
  { key: "I", kind: "domain", wording: "Governance" },
  { key: "I.1", kind: "subdomain", wording: "Strategy" },
  { key: "I.1.1", kind: "indicator", wording: "A strategy exists" },
  { key: "I.1.1/levels", kind: "levels", wording: "" },
  { key: "I.1.2", kind: "indicator", wording: "It is funded" },
  { key: "I.1.2/levels", kind: "levels", wording: "" },
  { key: "II", kind: "domain", wording: "Data" },
  { key: "II.1", kind: "subdomain", wording: "Access" },
  { key: "II.1.1", kind: "indicator", wording: "Access is granted" },
  { key: "II.1.1/levels", kind: "levels", wording: "" },
];

describe("item tree", () => {
  test("groups hold themselves first, then what is under them; every item is one leaf", () => {
    const tree = itemTree(items);
    expect(tree.map((n) => n.value)).toEqual(["node:I", "node:II"]);
    const strategy = tree[0]!.children![1]!;
    expect(strategy.label).toBe("I.1 Strategy");
    expect(strategy.children!.map((c) => c.value)).toEqual(["I.1", "node:I.1.1", "node:I.1.2"]);
    expect(strategy.children![1]!.children!.map((c) => [c.value, c.label])).toEqual([
      ["I.1.1", "The indicator statement"],
      ["I.1.1/levels", "Its five level descriptors"],
    ]);
    const leaves = leavesByNode(tree);
    expect(leaves.get("node:I")).toEqual(items.slice(0, 6).map((i) => i.key));
    expect(leaves.get("node:I.1.2")).toEqual(["I.1.2", "I.1.2/levels"]);
    expect(leaves.size).toBe(7);
  });

  test("presets are shortcuts into the tree, and a choice matching one is recognised as it", () => {
    const keys = (preset: Parameters<typeof presetItems>[1]) => new Set(presetItems(items, preset).map((i) => i.key));
    expect([...keys("indicators")]).toEqual(["I.1.1", "I.1.2", "II.1.1"]);
    expect(keys("indicators+levels").size).toBe(6);
    expect(matchingPreset(items, keys("everything"))).toBe("everything");
    expect(matchingPreset(items, keys("indicators+levels"))).toBe("indicators+levels");
    expect(matchingPreset(items, new Set(["I.1.1", "I.1.2"]))).toBeNull();
  });
});
