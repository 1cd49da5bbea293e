import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { CsvSyntaxError, parseCsv, readCsv } from "./csv.js";

describe("readCsv", () => {
  test("each record keeps the line it starts on across blank lines, quoted line breaks and mixed line ends", () => {
    const text = '\uFEFFname,email\r\n\r\n"Ann\nOne",a@x.example\nBo,"b@x\r\n.example"\rCy,c@x.example\n';
    expect(readCsv(text)).toEqual({
      rows: [
        { line: 1, cells: ["name", "email"] },
        { line: 3, cells: ["Ann\nOne", "a@x.example"] },
        { line: 5, cells: ["Bo", "b@x\r\n.example"] },
        { line: 7, cells: ["Cy", "c@x.example"] },
      ],
      errors: [],
    });
  });

  test("doubled quotes inside a quoted field are one quote; rows may differ in length", () => {
    expect(parseCsv('a,"say ""hi"", then go"\nb\n')).toEqual([
      { line: 1, cells: ["a", 'say "hi", then go'] },
      { line: 2, cells: ["b"] },
    ]);
  });

  test("every broken line is reported with its number and what to fix, and the good lines are still read", () => {
    const { rows, errors } = readCsv('h1,h2\nBo "Bobby" Two,x\nok,1\nAnn,"unclosed\nmore\n');
    expect(rows).toEqual([
      { line: 1, cells: ["h1", "h2"] },
      { line: 3, cells: ["ok", "1"] },
    ]);
    expect(errors.map((e) => e.message)).toEqual([
      'line 2: a quote (") inside an unquoted field; quote the whole field and double the quote',
      "line 4: a quoted field is never closed",
    ]);
  });

  test("parseCsv throws the first syntax error with its line", () => {
    expect(() => parseCsv('a\n"x"y\n')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a\n"x"y\n')).toThrow(/^line 2: text right after a closing quote/);
  });

  test("line numbers and cells survive any quoted content and any line ends (property)", () => {
    const cell = fc.string({ unit: fc.constantFrom("a", "é", ",", '"', "\n", "\r\n", "\r", " "), maxLength: 6 });
    const row = fc.array(cell, { minLength: 2, maxLength: 4 });
    const quote = (c: string) => `"${c.replace(/"/g, '""')}"`;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(row, fc.constantFrom("\n", "\r\n", "\r")), { minLength: 1, maxLength: 6 }),
        (rows) => {
          let line = 1;
          const expected = rows.map(([cells, end]) => {
            const at = line;
            line += cells.reduce((n, c) => n + (c.match(/\r\n|\r|\n/g)?.length ?? 0), 0) + (end ? 1 : 0);
            return { line: at, cells };
          });
          const text = rows.map(([cells, end]) => cells.map(quote).join(",") + end).join("");
          expect(readCsv(text)).toEqual({ rows: expected, errors: [] });
        },
      ),
    );
  });
});
