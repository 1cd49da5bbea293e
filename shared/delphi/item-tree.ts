// The items a consultation can rate, as the tree a moderator chooses from (domain → subdomain → indicator →
// level set) and the presets that are shortcuts into it. Pure, shared by the create form and the server.
import type { ItemKind } from "./schemas.js";

export interface ChoosableItem {
  key: string;
  kind: ItemKind;
  /** The title or statement; empty for a level set (it is named after its indicator). */
  wording: string;
}

/** A node of the tree: a group of items (value "node:<key>") or one item (value = its key). */
export interface ItemNode {
  value: string;
  label: string;
  /** The label with its item key, for a screen reader that hears one checkbox at a time. */
  nodeProps: { name: string };
  children?: ItemNode[];
}

export const ITEM_PRESET_LABELS = {
  indicators: "Indicator statements",
  "indicators+levels": "Indicator statements and their five level descriptors",
  everything: "Everything: domains, subdomains, indicators and levels",
} as const;
export type ItemPreset = keyof typeof ITEM_PRESET_LABELS;

const PRESET_KINDS: Record<ItemPreset, readonly ItemKind[]> = {
  indicators: ["indicator"],
  "indicators+levels": ["indicator", "levels"],
  everything: ["domain", "subdomain", "indicator", "levels"],
};

/** The items a preset stands for, in model order. */
export function presetItems<T extends { kind: ItemKind }>(items: readonly T[], preset: ItemPreset): T[] {
  return items.filter((i) => PRESET_KINDS[preset].includes(i.kind));
}

/** The preset that selects exactly `keys`, if one does. */
export function matchingPreset(items: readonly ChoosableItem[], keys: ReadonlySet<string>): ItemPreset | null {
  for (const preset of Object.keys(PRESET_KINDS) as ItemPreset[]) {
    const chosen = presetItems(items, preset);
    if (chosen.length === keys.size && chosen.every((i) => keys.has(i.key))) return preset;
  }
  return null;
}

const ITSELF: Partial<Record<ItemKind, string>> = {
  domain: "The domain as a whole",
  subdomain: "The subdomain as a whole",
  indicator: "The indicator statement",
  levels: "Its five level descriptors",
};

/**
 * Items in model order (each domain followed by its subdomains, each subdomain by its indicators, each
 * indicator by its level set) as a tree whose leaves are the items: a domain, subdomain or indicator is a
 * group holding itself as its first leaf, so a group's checkbox means "everything under it".
 */
export function itemTree(items: readonly ChoosableItem[]): ItemNode[] {
  const roots: ItemNode[] = [];
  let domain: ItemNode | undefined;
  let subdomain: ItemNode | undefined;
  let indicator: ItemNode | undefined;
  const leaf = (key: string, kind: ItemKind): ItemNode => ({
    value: key,
    label: ITSELF[kind]!,
    nodeProps: { name: `${ITSELF[kind]!} (${key})` },
  });
  const group = (item: ChoosableItem): ItemNode => ({
    value: `node:${item.key}`,
    label: `${item.key} ${item.wording}`,
    nodeProps: { name: `${item.key} ${item.wording}` },
    children: [leaf(item.key, item.kind)],
  });
  for (const item of items) {
    switch (item.kind) {
      case "domain":
        roots.push((domain = group(item)));
        subdomain = indicator = undefined;
        break;
      case "subdomain":
        subdomain = group(item);
        (domain?.children ?? roots).push(subdomain);
        indicator = undefined;
        break;
      case "indicator":
        indicator = group(item);
        (subdomain?.children ?? domain?.children ?? roots).push(indicator);
        break;
      case "levels":
        (indicator?.children ?? roots).push(leaf(item.key, "levels"));
        break;
    }
  }
  return roots;
}

/** For each group value, the item keys under it (leaves), for counts like "3/5". */
export function leavesByNode(nodes: readonly ItemNode[], into = new Map<string, string[]>()): Map<string, string[]> {
  for (const node of nodes) {
    if (!node.children) continue;
    leavesByNode(node.children, into);
    into.set(
      node.value,
      node.children.flatMap((c) => (c.children ? into.get(c.value)! : [c.value])),
    );
  }
  return into;
}
