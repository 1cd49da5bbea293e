import { strFromU8, unzipSync } from "fflate";
import { describe, expect, test } from "vitest";
import { columnName, MAX_CELL_TEXT, TRUNCATION_MARK, writeXlsx, xlsxParts } from "./xlsx.js";

const unzip = (bytes: Uint8Array) =>
  Object.fromEntries(Object.entries(unzipSync(bytes)).map(([path, data]) => [path, strFromU8(data)]));

describe("XLSX writer", () => {
  test("writes a zip with the OOXML parts, one worksheet per sheet", () => {
    const files = unzip(
      writeXlsx([
        { name: "Ratings", header: ["a"], rows: [[1]] },
        { name: "Figures", header: ["b"], rows: [] },
      ]),
    );
    expect(Object.keys(files).sort()).toEqual([
      "[Content_Types].xml",
      "_rels/.rels",
      "xl/_rels/workbook.xml.rels",
      "xl/styles.xml",
      "xl/workbook.xml",
      "xl/worksheets/sheet1.xml",
      "xl/worksheets/sheet2.xml",
    ]);
    expect(files["[Content_Types].xml"]).toContain('PartName="/xl/worksheets/sheet2.xml"');
    expect(files["_rels/.rels"]).toContain('Target="xl/workbook.xml"');
    expect(files["xl/workbook.xml"]).toContain('<sheet name="Ratings" sheetId="1" r:id="rId1"/>');
    expect(files["xl/workbook.xml"]).toContain('<sheet name="Figures" sheetId="2" r:id="rId2"/>');
    expect(files["xl/_rels/workbook.xml.rels"]).toContain('Id="rId2"');
    expect(files["xl/_rels/workbook.xml.rels"]).toContain(
      'Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"',
    );
    expect(files["xl/styles.xml"]).toContain("<b/>");
  });

  test("header cells are bold inline strings; numbers are numbers, booleans booleans, null no cell", () => {
    const sheet = unzip(
      writeXlsx([{ name: "S", header: ["key", "agree", "flag", "none"], rows: [["I.1.1", 85.5, true, null]] }]),
    )["xl/worksheets/sheet1.xml"]!;
    expect(sheet).toContain('<dimension ref="A1:D2"/>');
    expect(sheet).toContain('<c r="A1" s="1" t="inlineStr"><is><t>key</t></is></c>');
    expect(sheet).toContain('<c r="A2" t="inlineStr"><is><t>I.1.1</t></is></c>');
    expect(sheet).toContain('<c r="B2"><v>85.5</v></c>');
    expect(sheet).toContain('<c r="C2" t="b"><v>1</v></c>');
    expect(sheet).not.toContain('r="D2"');
    expect(sheet).toContain('state="frozen"');
  });

  test("escapes XML, keeps line breaks and spaces, replaces characters XML cannot hold", () => {
    const sheet = xlsxParts([
      { name: "S", header: ["t"], rows: [['<b>"x" & y</b>'], [" two\nlines "], ["bell\u0007"]] },
    ])["xl/worksheets/sheet1.xml"]!;
    expect(sheet).toContain('<t>&lt;b&gt;"x" &amp; y&lt;/b&gt;</t>');
    expect(sheet).toContain('<t xml:space="preserve"> two\nlines </t>');
    expect(sheet).toContain("<t>bell\uFFFD</t>");
  });

  test("formula-like text stays inline text, never a formula", () => {
    const sheet = xlsxParts([{ name: "S", header: ["t"], rows: [["=1+1"]] }])["xl/worksheets/sheet1.xml"]!;
    expect(sheet).toContain('t="inlineStr"><is><t>=1+1</t>');
    expect(sheet).not.toContain("<f>");
  });

  test("cuts texts longer than Excel's cell limit and says so", () => {
    const sheet = xlsxParts([{ name: "S", header: ["t"], rows: [["x".repeat(40_000)]] }])["xl/worksheets/sheet1.xml"]!;
    const text = /<t>(x+[^<]*)<\/t>/.exec(sheet)![1]!;
    expect(text).toHaveLength(MAX_CELL_TEXT);
    expect(text.endsWith(TRUNCATION_MARK)).toBe(true);
  });

  test("names columns A…Z, AA…", () => {
    expect([0, 25, 26, 27, 701, 702].map(columnName)).toEqual(["A", "Z", "AA", "AB", "ZZ", "AAA"]);
  });

  test("refuses bad or duplicate sheet names and ragged rows", () => {
    expect(() => xlsxParts([{ name: "a/b", header: [], rows: [] }])).toThrow("Invalid XLSX sheet name");
    expect(() => xlsxParts([{ name: "x".repeat(32), header: [], rows: [] }])).toThrow("Invalid XLSX sheet name");
    expect(() =>
      xlsxParts([
        { name: "Same", header: [], rows: [] },
        { name: "same", header: [], rows: [] },
      ]),
    ).toThrow("appears twice");
    expect(() => xlsxParts([{ name: "S", header: ["a", "b"], rows: [[1]] }])).toThrow("row 2 has 1 cells");
  });
});
