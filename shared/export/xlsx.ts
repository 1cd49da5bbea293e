// A minimal XLSX (Office Open XML spreadsheet) writer for exports: one worksheet per table, a bold,
// frozen header row, text as inline strings, numbers as numbers. Just the parts Excel, LibreOffice
// and pandas need, zipped with fflate. Pure (no I/O), so it is unit-tested by unzipping the result.
import { strToU8, zipSync, type Zippable } from "fflate";
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

const NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships";
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// XML 1.0 forbids most control characters even when escaped; lone surrogates are not characters at all.
const NOT_XML =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlText(text: string): string {
  return text.replace(NOT_XML, "\uFFFD").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const xmlAttr = (text: string) => xmlText(text).replace(/"/g, "&quot;");

/** 0 → A, 25 → Z, 26 → AA … */
export function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function fitCellText(text: string): string {
  return text.length <= MAX_CELL_TEXT ? text : text.slice(0, MAX_CELL_TEXT - TRUNCATION_MARK.length) + TRUNCATION_MARK;
}

function cellXml(cell: Cell, ref: string, style: string): string {
  if (cell === null || cell === "") return "";
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) throw new RangeError(`XLSX cell ${ref}: ${cell} is not a finite number`);
    return `<c r="${ref}"${style}><v>${cell}</v></c>`;
  }
  if (typeof cell === "boolean") return `<c r="${ref}"${style} t="b"><v>${cell ? 1 : 0}</v></c>`;
  const text = fitCellText(cell);
  // Inline strings are never evaluated as formulas, so no formula guard is needed here.
  const space = /^\s|\s$|\n/.test(text) ? ' xml:space="preserve"' : "";
  return `<c r="${ref}"${style} t="inlineStr"><is><t${space}>${xmlText(text)}</t></is></c>`;
}

function rowXml(cells: readonly Cell[], rowNumber: number, style = ""): string {
  const body = cells.map((cell, i) => cellXml(cell, `${columnName(i)}${rowNumber}`, style)).join("");
  return `<row r="${rowNumber}">${body}</row>`;
}

function worksheetXml(sheet: Sheet): string {
  const width = sheet.header.length;
  sheet.rows.forEach((row, i) => {
    if (row.length !== width)
      throw new RangeError(`XLSX sheet "${sheet.name}" row ${i + 2} has ${row.length} cells, the header ${width}`);
  });
  const last = `${columnName(Math.max(width, 1) - 1)}${sheet.rows.length + 1}`;
  const rows = [rowXml(sheet.header, 1, ' s="1"'), ...sheet.rows.map((row, i) => rowXml(row, i + 2))];
  return (
    XML_HEAD +
    `<worksheet xmlns="${NS_MAIN}">` +
    `<dimension ref="A1:${last}"/>` +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
    `<sheetData>${rows.join("")}</sheetData>` +
    "</worksheet>"
  );
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

const STYLES =
  XML_HEAD +
  `<styleSheet xmlns="${NS_MAIN}">` +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  "</styleSheet>";

/** The OOXML parts of a workbook, by path inside the package (exposed for tests). */
export function xlsxParts(sheets: readonly Sheet[]): Record<string, string> {
  assertSheetNames(sheets);
  const n = sheets.length;
  const sheetPath = (i: number) => `xl/worksheets/sheet${i + 1}.xml`;
  const parts: Record<string, string> = {
    "[Content_Types].xml":
      XML_HEAD +
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      sheets
        .map(
          (_s, i) =>
            `<Override PartName="/${sheetPath(i)}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
        )
        .join("") +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      "</Types>",
    "_rels/.rels":
      XML_HEAD +
      `<Relationships xmlns="${NS_PKG_REL}">` +
      `<Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/>` +
      "</Relationships>",
    "xl/workbook.xml":
      XML_HEAD +
      `<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><sheets>` +
      sheets.map((s, i) => `<sheet name="${xmlAttr(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("") +
      "</sheets></workbook>",
    "xl/_rels/workbook.xml.rels":
      XML_HEAD +
      `<Relationships xmlns="${NS_PKG_REL}">` +
      sheets
        .map(
          (_s, i) =>
            `<Relationship Id="rId${i + 1}" Type="${NS_REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
        )
        .join("") +
      `<Relationship Id="rId${n + 1}" Type="${NS_REL}/styles" Target="styles.xml"/>` +
      "</Relationships>",
    "xl/styles.xml": STYLES,
  };
  sheets.forEach((sheet, i) => (parts[sheetPath(i)] = worksheetXml(sheet)));
  return parts;
}

/** The workbook as the bytes of an .xlsx file. `modified` is the time stamped on the zip entries. */
export function writeXlsx(sheets: readonly Sheet[], modified: Date = new Date()): Uint8Array {
  const files: Zippable = {};
  for (const [path, xml] of Object.entries(xlsxParts(sheets))) files[path] = [strToU8(xml), { mtime: modified }];
  return zipSync(files, { level: 6 });
}
