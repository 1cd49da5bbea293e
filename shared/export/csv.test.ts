import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parseCsv } from "../csv.js";
import { csvRecord, guardFormula, writeCsv } from "./csv.js";

describe("CSV writer", () => {
  test("quotes fields with commas, quotes and line breaks, and doubles quotes (RFC 4180)", () => {
    expect(csvRecord(["plain", "a,b", 'say "hi"', "two\nlines", "cr\r"])).toBe(
      'plain,"a,b","say ""hi""","two\nlines","cr\r"',
    );
  });

  test("ends every record with CRLF, header first", () => {
    expect(writeCsv(["a", "b"], [[1, "x"]])).toBe("a,b\r\n1,x\r\n");
  });

  test("writes numbers in shortest round-trip form, booleans as true/false, null as empty", () => {
    expect(csvRecord([85.71428571428571, 0.1 + 0.2, 1e-7, -2, true, false, null, 0])).toBe(
      "85.71428571428571,0.30000000000000004,1e-7,-2,true,false,,0",
    );
  });

  test("prefixes text a spreadsheet would run as a formula with an apostrophe", () => {
    expect(csvRecord(['=HYPERLINK("http://x")', "+1", "-1", "@SUM(A1)", "\tx", "ok = fine"])).toBe(
      `"'=HYPERLINK(""http://x"")",'+1,'-1,'@SUM(A1),'\tx,ok = fine`,
    );
    expect(guardFormula("=1+1")).toBe("'=1+1");
    expect(guardFormula("1+1")).toBe("1+1");
  });

  test("numbers are never guarded: a negative number stays a number", () => {
    expect(csvRecord([-1.5])).toBe("-1.5");
  });

  test("refuses rows of the wrong width and non-finite numbers", () => {
    expect(() => writeCsv(["a", "b"], [[1]])).toThrow("CSV row has 1 cells, the header 2");
    expect(() => csvRecord([Number.NaN])).toThrow("not a finite number");
  });

  test("parseCsv reads back exactly what was written (guarded text aside)", () => {
    const text = fc.string({ unit: "grapheme" }).filter((s) => !/^[=+\-@\t\r]/.test(s));
    fc.assert(
      fc.property(fc.array(fc.array(text, { minLength: 2, maxLength: 2 }), { maxLength: 6 }), (rows) => {
        const parsed = parseCsv(writeCsv(["first", "second"], rows));
        expect(parsed.map((r) => r.cells)).toEqual([["first", "second"], ...rows]);
      }),
    );
  });
});
