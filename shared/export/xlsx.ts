// The XLSX writer for exports, with ExcelJS: one worksheet per table, a bold, frozen header row, text as
// inline strings (never shared, never a formula: a cell starting with "=" stays that text), numbers as numbers.
// Server only (export.server.ts): ExcelJS is large and has no place in the browser bundle.
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import type { Cell } from "./csv.js";

export interface Sheet {
  /** 1–31 characters, none of : \ / ? * [ ]; unique (case-insensitively) within the workbook. */
  name: string;
  header: readonly string[];
  rows: readonly (readonly Cell[])[];
}

/** Excel refuses longer cell texts; longer ones are cut and marked (the CSV export keeps them whole). */
export const MAX_CELL_TEXT = 32_767;
export const TRUNCATION_MARK = " […truncated: see the CSV export]";

export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// XML 1.0 forbids most control characters even when escaped (ExcelJS silently drops them); lone surrogates are
// not characters at all. Both become U+FFFD, so the reader sees that something was there.
const NOT_XML =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function fitCellText(text: string): string {
  const clean = text.replace(NOT_XML, "\uFFFD");
  return clean.length <= MAX_CELL_TEXT
    ? clean
    : clean.slice(0, MAX_CELL_TEXT - TRUNCATION_MARK.length) + TRUNCATION_MARK;
}

function cellValue(cell: Cell, where: string): ExcelJS.CellValue {
  if (cell === null || cell === "") return null;
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) throw new RangeError(`XLSX ${where}: ${cell} is not a finite number`);
    return cell;
  }
  if (typeof cell === "boolean") return cell;
  // A rich text value is what ExcelJS writes as an inline string (<is>), kept in the sheet itself.
  return { richText: [{ text: fitCellText(cell) }] };
}

function assertSheetNames(sheets: readonly Sheet[]) {
  if (sheets.length === 0) throw new RangeError("An XLSX workbook needs at least one sheet");
  const seen = new Set<string>();
  for (const { name } of sheets) {
    if (name.length < 1 || name.length > 31 || /[:\\/?*[\]]/.test(name) || /^'|'$/.test(name))
      throw new RangeError(`Invalid XLSX sheet name "${name}": 1–31 characters, none of : \\ / ? * [ ]`);
    if (seen.has(name.toLowerCase())) throw new RangeError(`XLSX sheet name "${name}" appears twice`);
    seen.add(name.toLowerCase());
  }
}

/** The workbook as the bytes of an .xlsx file. `modified` is the time stamped in its properties. */
export async function writeXlsx(sheets: readonly Sheet[], modified: Date = new Date()): Promise<Uint8Array> {
  assertSheetNames(sheets);
  // The streaming writer: the in-memory one always moves texts to a shared strings table.
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: true });
  workbook.created = modified;
  workbook.modified = modified;
  for (const sheet of sheets) {
    const width = sheet.header.length;
    const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: "frozen", ySplit: 1 }] });
    const header = worksheet.addRow(
      sheet.header.map((text, i) => cellValue(text, `sheet "${sheet.name}" header ${i + 1}`)),
    );
    header.font = { bold: true };
    header.commit();
    sheet.rows.forEach((row, i) => {
      if (row.length !== width)
        throw new RangeError(`XLSX sheet "${sheet.name}" row ${i + 2} has ${row.length} cells, the header ${width}`);
      worksheet
        .addRow(row.map((cell, j) => cellValue(cell, `sheet "${sheet.name}" row ${i + 2} cell ${j + 1}`)))
        .commit();
    });
    worksheet.commit();
  }
  await workbook.commit();
  return new Uint8Array(Buffer.concat(chunks));
}
