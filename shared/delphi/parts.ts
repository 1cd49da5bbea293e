// How a long round is split into pages ("parts") for panellists: whole sections — a domain, or a subdomain with
// its indicators and level sets — packed in page order into parts of at most PART_SIZE items, so a 150-item
// round is read and answered a screenful at a time and no section is cut in two. Pure.

export const PART_SIZE = 25;

export interface OutlineItem {
  key: string;
  kind: string;
}

/** The section an item belongs to: its domain for a domain item, else its subdomain ("I.1" for "I.1.2/levels"). */
export function sectionOf(item: OutlineItem): string {
  return item.kind === "domain" ? item.key.split(".")[0]! : item.key.split("/")[0]!.split(".").slice(0, 2).join(".");
}

/** Splits the round into parts of whole sections (a domain or subdomain and its items), in page order. */
export function roundParts<T extends OutlineItem>(items: readonly T[], size = PART_SIZE): T[][] {
  if (items.length <= size) return [items.slice()];
  const sections: T[][] = [];
  for (const item of items) {
    const last = sections.at(-1);
    if (last && sectionOf(last[0]!) === sectionOf(item)) last.push(item);
    else sections.push([item]);
  }
  const parts: T[][] = [];
  for (const section of sections) {
    const last = parts.at(-1);
    if (last && last.length + section.length <= size) last.push(...section);
    else parts.push([...section]);
  }
  return parts;
}
