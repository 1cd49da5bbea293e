// The language a consultation's items are shown in to someone (the interface language itself comes from
// shared/i18n/languages.ts: the user's setting, this browser's choice, Accept-Language).

const primary = (tag: string) => tag.toLowerCase().split("-")[0]!;

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
