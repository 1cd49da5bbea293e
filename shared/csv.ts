// Reading CSV with csv-parse, keeping for each record the line it starts on, so an importer can say
// "line 7: …" about the row a user must fix, and every broken line at once rather than the first only.
import { parse, type CsvError } from "csv-parse/sync";

export interface CsvRow {
  /** 1-based line number in the file where the record starts. */
  line: number;
  cells: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

// csv-parse's messages name its internals ("field 0", "trimable character"); these say what to fix.
const REASONS: Record<string, string> = {
  INVALID_OPENING_QUOTE: 'a quote (") inside an unquoted field; quote the whole field and double the quote',
  CSV_INVALID_CLOSING_QUOTE:
    'text right after a closing quote; a quoted field ends at the comma or the end of the line (write "" for a quote inside it)',
  CSV_QUOTE_NOT_CLOSED: "a quoted field is never closed",
};

const breaks = (text: string) => text.match(/\r\n|\r|\n/g)?.length ?? 0;

/** Byte offsets just after each line break (CRLF counted once), for turning csv-parse's byte counts into lines. */
function lineEnds(bytes: Uint8Array): number[] {
  const ends: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) ends.push(++i + 1);
    else if (bytes[i] === 0x0d || bytes[i] === 0x0a) ends.push(i + 1);
  }
  return ends;
}

/** 1-based line of the byte at `offset`. */
function lineAt(ends: number[], offset: number): number {
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ends[mid]! <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

/**
 * Every record with its starting line, and every syntax error with its line. A broken record is left out
 * and reading goes on, so one file shows all of its problems.
 */
export function readCsv(text: string): { rows: CsvRow[]; errors: CsvSyntaxError[] } {
  // csv-parse counts a CRLF inside a quoted field as two lines, so lines are worked out from its byte offsets.
  const bytes = new TextEncoder().encode(text.replace(/^\uFEFF/, ""));
  const ends = lineEnds(bytes);
  const errors: CsvSyntaxError[] = [];
  const records = parse(bytes, {
    // Files from spreadsheets on different systems mix line ends; the default takes the first one seen.
    record_delimiter: ["\r\n", "\n", "\r"],
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined) => {
      if (!error) return undefined;
      const line = lineAt(ends, Math.min(Number(error.bytes), bytes.length - 1));
      // After a broken field the reader may stumble twice over the same record: one report per line.
      if (!errors.some((e) => e.line === line))
        errors.push(new CsvSyntaxError(line, REASONS[error.code] ?? error.message));
      return undefined;
    },
  }) as unknown as { record: string[]; info: { bytes: number } }[];
  const rows = records.map(({ record, info }) => {
    // `bytes` is where the record's line end finishes (or the end of a file without a final line end).
    const last = bytes[info.bytes - 1];
    const endLine = lineAt(ends, info.bytes) - (last === 0x0a || last === 0x0d ? 1 : 0);
    return { line: endLine - record.reduce((n, cell) => n + breaks(cell), 0), cells: record };
  });
  return { rows, errors: errors.sort((a, b) => a.line - b.line) };
}
/** The records of a CSV file that must be well formed: the first syntax error is thrown. */
export function parseCsv(text: string): CsvRow[] {
  const { rows, errors } = readCsv(text);
  if (errors.length) throw errors[0]!;
  return rows;
}
