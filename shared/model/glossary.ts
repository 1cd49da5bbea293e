// Finds glossary terms inside model text so the browser can underline them with their definition.

export interface TextPart {
  text: string;
  /** The glossary term this part matches, as written in the glossary. */
  term?: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Splits `text` around case-insensitive, whole-word occurrences of `terms` (longest first). */
export function splitByTerms(text: string, terms: readonly string[]): TextPart[] {
  const usable = [...new Set(terms.filter((t) => t.trim()))].sort((a, b) => b.length - a.length);
  if (!usable.length) return [{ text }];
  const byLower = new Map(usable.map((t) => [t.toLowerCase(), t]));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${usable.map(escape).join("|")})(?![\\p{L}\\p{N}])`, "giu");
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) parts.push({ text: text.slice(last, match.index) });
    parts.push({ text: match[0], term: byLower.get(match[0].toLowerCase()) });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
