// Writes CSV for exports: RFC 4180 (comma, CRLF, fields quoted when they hold a comma, quote or line
// break, quotes doubled) with a guard against spreadsheet formula injection. Pure; the reader is shared/csv.ts.

/** A cell: text, a number (written in JavaScript's shortest round-trip form), a boolean, or empty. */
export type Cell = string | number | boolean | null;

// A spreadsheet treats text starting with these as a formula (=HYPERLINK(…), +cmd|…, -2+3, @SUM(…)).
// Tab and carriage return are in OWASP's list too: some importers strip them and then see the formula.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text cells a spreadsheet would read as a formula get a leading apostrophe (the OWASP advice for
 * CSV injection). Only text is guarded: numbers are written as numbers, so -1.5 stays -1.5.
 */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function formatCell(cell: Cell): string {
  if (cell === null) return "";
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) throw new RangeError(`CSV cell: ${cell} is not a finite number`);
    return String(cell);
  }
  if (typeof cell === "boolean") return cell ? "true" : "false";
  const text = guardFormula(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record (without its line break). */
export function csvRecord(cells: readonly Cell[]): string {
  return cells.map(formatCell).join(",");
}

/** A whole CSV file: the header, then the rows, each record ended by CRLF; UTF-8 without BOM. */
export function writeCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  let out = csvRecord(header) + "\r\n";
  for (const row of rows) {
    if (row.length !== header.length)
      throw new RangeError(`CSV row has ${row.length} cells, the header ${header.length}`);
    out += csvRecord(row) + "\r\n";
  }
  return out;
}
