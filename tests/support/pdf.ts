// Reads the text a PDF draws, as a reader's PDF viewer does (Mozilla's PDF.js maps the embedded fonts'
// glyphs back to characters through their ToUnicode tables), for assertions.
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

/** Every page's text, one line per line of text. */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      pages.push(content.items.map((item) => ("str" in item ? item.str + (item.hasEOL ? "\n" : "") : "")).join(""));
    }
    return pages.join("\n");
  } finally {
    await doc.destroy();
  }
}
