// Choosing a language: from a browser's Accept-Language among the languages available (RFC 9110 q-values,
// RFC 4647 lookup by primary subtag), and the language a consultation's items are shown in to someone.

interface Range {
  tag: string;
  q: number;
  order: number;
}

function ranges(acceptLanguage: string): Range[] {
  const out: Range[] = [];
  acceptLanguage.split(",").forEach((part, order) => {
    const [tag, ...params] = part.trim().split(";");
    if (!tag) return;
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p);
      if (m) q = Number(m[1]);
    }
    if (Number.isFinite(q) && q > 0 && q <= 1) out.push({ tag: tag.trim().toLowerCase(), q, order });
  });
  // Highest q first; equal q keep the browser's order.
  return out.sort((a, b) => b.q - a.q || a.order - b.order);
}

const primary = (tag: string) => tag.toLowerCase().split("-")[0]!;

/**
 * The best of `available` for an Accept-Language header, or null when none is acceptable (or no header).
 * Per range, in preference order: the same tag, else a tag with the same primary language ("de-CH" → "de",
 * "pt" → "pt-BR"); "*" accepts the first available.
 */
export function negotiate(acceptLanguage: string | null, available: readonly string[]): string | null {
  if (!acceptLanguage || available.length === 0) return null;
  for (const range of ranges(acceptLanguage)) {
    if (range.tag === "*") return available[0]!;
    const exact = available.find((a) => a.toLowerCase() === range.tag);
    if (exact) return exact;
    const sameLanguage = available.find((a) => primary(a) === primary(range.tag));
    if (sameLanguage) return sameLanguage;
  }
  return null;
}

/**
 * The language someone reads a consultation's items in: their interface language if the consultation offers it
 * (or the same language in another region), else the source — `offered[0]`, the model version's own language.
 */
export function itemLanguage(wanted: string | null, offered: readonly string[]): string {
  const source = offered[0] ?? "en";
  if (!wanted) return source;
  return (
    offered.find((o) => o.toLowerCase() === wanted.toLowerCase()) ??
    offered.find((o) => primary(o) === primary(wanted)) ??
    source
  );
}
