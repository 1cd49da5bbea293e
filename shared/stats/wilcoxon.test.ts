import { describe, expect, it } from "vitest";
import { close, reference } from "./fixtures/reference.js";
import { erf, erfc, normalTwoSidedP } from "./normal.js";
import { roundStability } from "./stability.js";
import { signedRankDistribution, wilcoxonSignedRank } from "./wilcoxon.js";

describe("roundStability vs SciPy reference", () => {
  it.each(reference.paired.map((p) => [p.id, p] as const))("%s", (_id, p) => {
    const s = roundStability(p.before, p.after, p.scale);
    expect(s.nPairs).toBe(p.expected.nPairs);
    expect(s.nChangedCategory).toBe(p.expected.nChanged);
    expect(close(s.changedCategoryPct, p.expected.changedPct)).toBe(true);
    const w = p.expected.wilcoxon;
    expect(s.wilcoxon.method).toBe(w.method);
    expect(close(s.wilcoxon.statistic, w.statistic), `statistic ${s.wilcoxon.statistic} vs ${w.statistic}`).toBe(true);
    expect(close(s.wilcoxon.pValue, w.pvalue), `p ${s.wilcoxon.pValue} vs ${w.pvalue}`).toBe(true);
  });

  it("covers every SciPy 1.17 code path and the undefined cases", () => {
    const methods = new Set(reference.paired.map((p) => p.expected.wilcoxon.method));
    expect(methods).toEqual(new Set(["exact", "permutation", "approx", null]));
    expect(reference.paired.some((p) => p.expected.nPairs > 0 && p.expected.wilcoxon.pvalue === null)).toBe(true);
    expect(reference.paired.some((p) => p.expected.nPairs < 5 && p.expected.wilcoxon.method === "permutation")).toBe(
      true,
    );
  });
});

describe("wilcoxonSignedRank", () => {
  it("reproduces SciPy's documented example (exact, n = 15)", () => {
    const d = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75];
    const r = wilcoxonSignedRank(d, new Array(d.length).fill(0));
    expect(r.statistic).toBe(24);
    expect(r.pValue).toBe(0.041259765625);
    expect(r.method).toBe("exact");
  });

  it("gives p = 1 when every difference is zero and there are 2 to 13 pairs (SciPy 1.17)", () => {
    for (const n of [2, 5, 13]) {
      const same = new Array(n).fill(4);
      expect(wilcoxonSignedRank(same, same)).toMatchObject({ pValue: 1, statistic: 0, method: "permutation" });
    }
  });

  it("gives a null p-value when every difference is zero and there are 14 or more pairs (SciPy: NaN)", () => {
    const same = new Array(14).fill(4);
    expect(wilcoxonSignedRank(same, same)).toMatchObject({ pValue: null, statistic: 0, method: "approx" });
  });

  it("gives null for a single pair without difference (SciPy raises ValueError)", () => {
    expect(wilcoxonSignedRank([3], [3])).toMatchObject({ pValue: null, statistic: null, nNonZero: 0 });
  });

  it("gives null without pairs (SciPy returns NaN)", () => {
    expect(wilcoxonSignedRank([], [])).toMatchObject({ pValue: null, method: null });
  });

  it("with ties: permutation test up to 13 pairs, normal approximation from 14", () => {
    const d = [1, 1, 2, 3, 3, 1, -1, 2, 1, 1, 2, 3, 1, 2];
    expect(wilcoxonSignedRank(d.slice(0, 13), new Array(13).fill(0)).method).toBe("permutation");
    expect(wilcoxonSignedRank(d, new Array(14).fill(0)).method).toBe("approx");
  });

  it("a zero difference alone makes it a permutation test (no exact table)", () => {
    expect(wilcoxonSignedRank([1, 2, 3, 0], [0, 0, 0, 0])).toMatchObject({ method: "permutation", pValue: 0.25 });
    expect(wilcoxonSignedRank([1, 2, 3], [0, 0, 0])).toMatchObject({ method: "exact", pValue: 0.25 });
  });

  it("switches to the normal approximation above 50 pairs", () => {
    const x = Array.from({ length: 51 }, (_, i) => i + 1);
    expect(wilcoxonSignedRank(x, new Array(51).fill(0)).method).toBe("approx");
    expect(wilcoxonSignedRank(x.slice(0, 50), new Array(50).fill(0)).method).toBe("exact");
  });

  it("null distribution sums to 1 and is symmetric", () => {
    const pmf = signedRankDistribution(12);
    expect(pmf.reduce((s, v) => s + v, 0)).toBe(1);
    for (let r = 0; r < pmf.length; r++) expect(pmf[r]).toBe(pmf[pmf.length - 1 - r]);
  });
});

describe("normal tail", () => {
  it("matches known values", () => {
    expect(close(normalTwoSidedP(1.959963984540054), 0.05, 1e-15)).toBe(true);
    expect(close(erfc(0.5), 0.4795001221869535, 1e-15)).toBe(true);
    expect(close(erfc(5), 1.5374597944280349e-12, 1e-14)).toBe(true);
    expect(close(erfc(-1), 1.8427007929497148, 1e-15)).toBe(true);
    expect(close(erf(0.1), 0.1124629160182849, 1e-15)).toBe(true);
    expect(normalTwoSidedP(0)).toBe(1);
    expect(erfc(40)).toBe(0);
  });
});
