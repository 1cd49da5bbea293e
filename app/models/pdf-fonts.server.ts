// The fonts the PDF report embeds (DejaVu Sans from the dejavu-fonts-ttf package: Latin, Greek, Cyrillic,
// Arabic and the symbols the report uses, e.g. ✓ ≥ →), and the record of what they cannot draw: such a
// character is never swapped for a look-alike; it is printed as its code point and named at the end.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as fontkit from "fontkit";

const FONT_DIR = join(dirname(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json")), "ttf");
export const PDF_FONTS = {
  regular: join(FONT_DIR, "DejaVuSans.ttf"),
  bold: join(FONT_DIR, "DejaVuSans-Bold.ttf"),
} as const;
export const PDF_FONT_NAME = "DejaVu Sans";

let loaded: { regular: fontkit.Font; bold: fontkit.Font } | undefined;
function fonts() {
  loaded ??= {
    regular: fontkit.openSync(PDF_FONTS.regular) as fontkit.Font,
    bold: fontkit.openSync(PDF_FONTS.bold) as fontkit.Font,
  };
  return loaded;
}

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
// Line breaks, tabs and joiners are layout, not glyphs to draw.
const LAYOUT = /[\n\r\t\u200b-\u200f\u2028\u2029\u2060\ufeff]/u;

const RTL_WORD = /[\p{Script=Arabic}\p{Script=Hebrew}]/u;

/**
 * pdfkit draws a line word by word from left to right, and its font engine shapes and reverses each Arabic
 * or Hebrew word on its own: a right-to-left phrase would come out with its words in reading order from the
 * left. Reversing the order of the words of each right-to-left run (the words themselves untouched) makes
 * the phrase read correctly from the right. A right-to-left paragraph that wraps onto several lines starts
 * with its last line: the note at the end of the report says so.
 */
export function visualWordOrder(text: string): string {
  const tokens = text.split(/(\s+)/);
  const out: string[] = [];
  for (let i = 0; i < tokens.length;) {
    if (!RTL_WORD.test(tokens[i]!)) {
      out.push(tokens[i++]!);
      continue;
    }
    let end = i; // the run: right-to-left words and the spaces between them
    while (end + 2 < tokens.length && RTL_WORD.test(tokens[end + 2]!)) end += 2;
    out.push(...tokens.slice(i, end + 1).reverse());
    i = end + 1;
  }
  return out.join("");
}

/** Collects, for one document, the characters neither embedded font can draw. */
export class GlyphCoverage {
  readonly missing = new Map<string, number>();
  rightToLeft = false;

  /** The text as drawn: every character the fonts have stays as it is; any other becomes "[U+XXXX]". */
  text(input: string): string {
    const { regular, bold } = fonts();
    let out = "";
    for (const ch of input) {
      const cp = ch.codePointAt(0)!;
      if (LAYOUT.test(ch) || (regular.hasGlyphForCodePoint(cp) && bold.hasGlyphForCodePoint(cp))) out += ch;
      else {
        this.missing.set(ch, (this.missing.get(ch) ?? 0) + 1);
        out += `[${codePoint(ch)}]`;
      }
    }
    if (RTL_WORD.test(out)) this.rightToLeft = true;
    return visualWordOrder(out);
  }

  /** What the report says at its end when a character could not be drawn, or null. */
  notes(): string[] {
    const notes: string[] = [];
    if (this.rightToLeft)
      notes.push(
        "Right-to-left text (Arabic, Hebrew) is drawn word by word from the right; a right-to-left paragraph that runs over several lines shows its last line first. The report page shows it as written.",
      );
    const missing = this.missingNote();
    if (missing) notes.push(missing);
    return notes;
  }

  private missingNote(): string | null {
    if (!this.missing.size) return null;
    const list = [...this.missing].map(([ch, n]) => `${codePoint(ch)} (${n}×)`).join(", ");
    return `This PDF's font (${PDF_FONT_NAME}) cannot draw ${this.missing.size} character${this.missing.size === 1 ? "" : "s"} of this report, printed as their code points: ${list}. The report page and the exports hold the exact text.`;
  }
}
