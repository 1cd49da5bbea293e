// A small RFC 4180 CSV reader (quoted fields, doubled quotes, CRLF/LF, BOM) that keeps line numbers,
// so an importer can say "line 7: …" about the row a user must fix.

export interface CsvRow {
  /** 1-based line number in the file where the record starts. */
  line: number;
  cells: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

export function parseCsv(text: string): CsvRow[] {
  const src = text.replace(/^\uFEFF/, "");
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = "";
  let line = 1;
  let rowStart = 1;
  let quoted = false;
  let quoteLine = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === "\n") line++;
        cell += c;
      }
      continue;
    }
    if (c === '"' && cell === "") {
      quoted = true;
      quoteLine = line;
    } else if (c === ",") {
      cells.push(cell);
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && src[i + 1] === "\n") i++;
      cells.push(cell);
      if (cells.length > 1 || cells[0] !== "") rows.push({ line: rowStart, cells });
      cells = [];
      cell = "";
      line++;
      rowStart = line;
    } else if (c === '"') {
      throw new CsvSyntaxError(
        line,
        'a quote (") inside an unquoted field; quote the whole field and double the quote',
      );
    } else cell += c;
  }
  if (quoted) throw new CsvSyntaxError(quoteLine, "a quoted field is never closed");
  cells.push(cell);
  if (cells.length > 1 || cells[0] !== "") rows.push({ line: rowStart, cells });
  return rows;
}
