import ExcelJS from "exceljs";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, test } from "vitest";
import { MAX_CELL_TEXT, TRUNCATION_MARK, writeXlsx, type Sheet } from "./xlsx.js";

const unzip = (bytes: Uint8Array) =>
  Object.fromEntries(Object.entries(unzipSync(bytes)).map(([path, data]) => [path, strFromU8(data)]));

const sheetXml = async (sheets: Sheet[]) => unzip(await writeXlsx(sheets))["xl/worksheets/sheet1.xml"]!;

/** Reads the file back the way a spreadsheet program would. */
async function readBack(bytes: Uint8Array) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as never);
  return workbook;
}

const text = (value: ExcelJS.CellValue) =>
  value && typeof value === "object" && "richText" in value ? value.richText.map((r) => r.text).join("") : value;

describe("XLSX writer", () => {
  test("one worksheet per sheet, in order, with their names", async () => {
    const workbook = await readBack(
      await writeXlsx([
        { name: "Ratings", header: ["a"], rows: [[1]] },
        { name: "Figures", header: ["b"], rows: [] },
      ]),
    );
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["Ratings", "Figures"]);
  });

  test("a bold frozen header; numbers are numbers, booleans booleans, null no cell", async () => {
    const bytes = await writeXlsx([
      { name: "S", header: ["key", "agree", "flag", "none"], rows: [["I.1.1", 85.5, true, null]] },
    ]);
    const sheet = (await readBack(bytes)).getWorksheet("S")!;
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(text(sheet.getCell("A2").value)).toBe("I.1.1");
    expect(sheet.getCell("B2").value).toBe(85.5);
    expect(sheet.getCell("C2").value).toBe(true);
    expect(unzip(bytes)["xl/worksheets/sheet1.xml"]).not.toContain('r="D2"');
  });

  test("texts are inline strings in the sheet itself, with no shared strings table", async () => {
    const files = unzip(await writeXlsx([{ name: "S", header: ["t"], rows: [["Expert 1"]] }]));
    expect(files["xl/worksheets/sheet1.xml"]).toMatch(/<c r="A2"[^>]*t="inlineStr"><is><r><t>Expert 1<\/t><\/r><\/is>/);
    expect(files["xl/sharedStrings.xml"]).toBeUndefined();
  });

  test("escapes XML, keeps line breaks and spaces, replaces characters XML cannot hold", async () => {
    const bytes = await writeXlsx([
      { name: "S", header: ["t"], rows: [['<b>"x" & y</b>'], [" two\nlines "], ["bell\u0007"], ["lone \uD800"]] },
    ]);
    const sheet = (await readBack(bytes)).getWorksheet("S")!;
    expect([2, 3, 4, 5].map((r) => text(sheet.getCell(`A${r}`).value))).toEqual([
      '<b>"x" & y</b>',
      " two\nlines ",
      "bell\uFFFD",
      "lone \uFFFD",
    ]);
  });

  test("formula-like text stays text, never a formula", async () => {
    const xml = await sheetXml([{ name: "S", header: ["t"], rows: [["=1+1"], ['=HYPERLINK("http://evil.example")']] }]);
    expect(xml).toContain("<t>=1+1</t>");
    expect(xml).not.toContain("<f>");
  });

  test("cuts texts longer than Excel's cell limit and says so", async () => {
    const bytes = await writeXlsx([{ name: "S", header: ["t"], rows: [["x".repeat(40_000)]] }]);
    const cut = text((await readBack(bytes)).getWorksheet("S")!.getCell("A2").value) as string;
    expect(cut).toHaveLength(MAX_CELL_TEXT);
    expect(cut.endsWith(TRUNCATION_MARK)).toBe(true);
  });

  test("refuses bad or duplicate sheet names, ragged rows and numbers that are not finite", async () => {
    await expect(writeXlsx([{ name: "a/b", header: [], rows: [] }])).rejects.toThrow("Invalid XLSX sheet name");
    await expect(writeXlsx([{ name: "x".repeat(32), header: [], rows: [] }])).rejects.toThrow(
      "Invalid XLSX sheet name",
    );
    await expect(
      writeXlsx([
        { name: "Same", header: [], rows: [] },
        { name: "same", header: [], rows: [] },
      ]),
    ).rejects.toThrow("appears twice");
    await expect(writeXlsx([{ name: "S", header: ["a", "b"], rows: [[1]] }])).rejects.toThrow("row 2 has 1 cells");
    await expect(writeXlsx([{ name: "S", header: ["a"], rows: [[Infinity]] }])).rejects.toThrow("not a finite number");
  });
});
