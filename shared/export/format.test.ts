import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatChange, formatCoefficient, formatFigure, formatP, formatPct } from "./format";

describe("figures in the reader's locale", () => {
  it("English keeps the report's fixed decimals", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 100, noNaN: true }), (x) => {
        expect(formatPct(x)).toBe(x.toFixed(1));
        expect(formatCoefficient(x / 100)).toBe((x / 100).toFixed(3));
        expect(formatFigure(x)).toBe(String(Number(x.toFixed(2))));
      }),
    );
    expect(formatP(0.0004)).toBe("< 0.001");
    expect(formatP(0.37512)).toBe("0.375");
    expect(formatChange(-0.5)).toBe("−0.5");
    expect(formatChange(0.001)).toBe("0");
  });
  it("German writes a decimal comma", () => {
    expect(formatPct(85.71, "de")).toBe("85,7");
    expect(formatFigure(3.5, "de")).toBe("3,5");
    expect(formatCoefficient(0.4123, "de")).toBe("0,412");
    expect(formatP(0.0004, "de")).toBe("< 0,001");
    expect(formatChange(12.5, "fr")).toBe("+12,5");
  });
  it("says — when there is no figure", () => {
    expect(formatPct(null, "de")).toBe("—");
    expect(formatFigure(undefined)).toBe("—");
  });
});
