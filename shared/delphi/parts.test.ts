import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { PART_SIZE, roundParts, sectionOf, type OutlineItem } from "./parts.js";

/** A model's items in page order: domains, subdomains with n indicators each, every indicator with its levels. */
function outline(shape: number[][]): OutlineItem[] {
  const items: OutlineItem[] = [];
  shape.forEach((subdomains, d) => {
    const dk = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"][d]!;
    items.push({ key: dk, kind: "domain" });
    subdomains.forEach((indicators, s) => {
      items.push({ key: `${dk}.${s + 1}`, kind: "subdomain" });
      for (let i = 1; i <= indicators; i++)
        items.push(
          { key: `${dk}.${s + 1}.${i}`, kind: "indicator" },
          { key: `${dk}.${s + 1}.${i}/levels`, kind: "levels" },
        );
    });
  });
  return items;
}

describe("round parts", () => {
  test("a short round is one part", () => {
    const items = outline([[3, 2], [4]]);
    expect(items.length).toBeLessThanOrEqual(PART_SIZE);
    expect(roundParts(items)).toEqual([items]);
  });

  test("a 150-item round (3 × 7 × 3) is split into parts of whole subdomains, at most 25 items each", () => {
    const items = outline([Array(7).fill(3), Array(7).fill(3), Array(7).fill(3)]);
    expect(items).toHaveLength(150);
    const parts = roundParts(items);
    expect(parts.flat()).toEqual(items);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(25);
    expect(parts.length).toBe(7);
    expect(parts[0]!.map((i) => i.key).slice(0, 3)).toEqual(["I", "I.1", "I.1.1"]);
  });

  test("property: order kept, nothing lost, no section cut, parts within the size unless one section is larger", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 8 }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.integer({ min: 1, max: 40 }),
        (shape, size) => {
          const items = outline(shape);
          const parts = roundParts(items, size);
          expect(parts.flat()).toEqual(items);
          const partOf = new Map<string, number>();
          parts.forEach((part, p) => {
            const sections = new Set(part.map(sectionOf));
            if (part.length > size) expect(sections.size).toBe(1);
            for (const item of part) {
              const seen = partOf.get(sectionOf(item));
              expect(seen === undefined || seen === p).toBe(true);
              partOf.set(sectionOf(item), p);
            }
          });
        },
      ),
    );
  });
});
