// Item figures broken down by a panellist attribute (stakeholder type, country, gender, …), so
// reports can show whether consensus holds within each group and not only overall.

import { type ItemFigures, itemFigures, itemFiguresFromCounts } from "./descriptive.js";
import type { ValueCounts } from "./histogram.js";
import type { Answer, Scale } from "./scale.js";

export interface TaggedAnswer {
  value: Answer;
}

export type GroupValue = string | number | boolean | null;

export interface SubgroupFigures<V extends GroupValue = GroupValue> {
  /** Attribute value shared by the group; panellists without the attribute form the `null` group. */
  group: V;
  figures: ItemFigures;
}

/**
 * One entry per distinct value of `attribute`, ordered by value (null group last) so output is stable
 * regardless of answer order.
 */
export function itemFiguresByGroup<T extends TaggedAnswer, K extends Exclude<keyof T, "value">>(
  answers: readonly T[],
  attribute: K,
  scale: Scale,
): SubgroupFigures<Extract<T[K], GroupValue> | null>[] {
  const groups = new Map<GroupValue, Answer[]>();
  for (const answer of answers) {
    const raw = answer[attribute] as unknown;
    const key = raw === undefined ? null : (raw as GroupValue);
    const bucket = groups.get(key);
    if (bucket) bucket.push(answer.value);
    else groups.set(key, [answer.value]);
  }
  return [...groups.keys()].sort(compareGroups).map((group) => ({
    group: group as Extract<T[K], GroupValue> | null,
    figures: itemFigures(groups.get(group) ?? [], scale),
  }));
}

/**
 * `itemFiguresByGroup` from a histogram per group (each group with at least one answer): the same entries, in
 * the same order, with the same figures.
 */
export function itemFiguresByGroupFromCounts<V extends GroupValue>(
  groups: ReadonlyMap<V, ValueCounts>,
  scale: Scale,
): SubgroupFigures<V>[] {
  return [...groups.keys()].sort(compareGroups).map((group) => ({
    group,
    figures: itemFiguresFromCounts(groups.get(group)!, scale),
  }));
}

function compareGroups(a: GroupValue, b: GroupValue): number {
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Small-group suppression. A subgroup of one or two panellists is a person: its figures are their
// answers. Below a consultation's minimum group size a group is shown as suppressed ("n < 3,
// suppressed"), never silently left out, so readers know the breakdown is incomplete and why.

export const DEFAULT_MIN_GROUP_SIZE = 3;

/** What a suppressed cell says. */
export const suppressedLabel = (minGroupSize: number) => `n < ${minGroupSize}, suppressed`;

export interface SuppressedGroup<V extends GroupValue = GroupValue> {
  group: V;
  suppressed: true;
  /** "n < 3, suppressed". */
  note: string;
}

export type ShownSubgroup<V extends GroupValue = GroupValue> =
  (SubgroupFigures<V> & { suppressed: false }) | SuppressedGroup<V>;

/**
 * Suppresses every group with fewer than `minGroupSize` answers (rated or "no opinion"). When exactly
 * one group falls below the threshold, the smallest remaining group is suppressed as well: otherwise
 * the overall figures minus the shown groups would give the hidden group's answers back (secondary
 * suppression, as statistical offices do for tables with totals).
 */
export function suppressSmallGroups<V extends GroupValue>(
  groups: readonly SubgroupFigures<V>[],
  minGroupSize: number,
): ShownSubgroup<V>[] {
  const size = (g: SubgroupFigures<V>) => g.figures.nRated + g.figures.nNoOpinion;
  return suppressBySize(groups, size, minGroupSize).map((g, i) =>
    g
      ? { group: groups[i]!.group, suppressed: true as const, note: suppressedLabel(minGroupSize) }
      : { ...groups[i]!, suppressed: false as const },
  );
}

/**
 * Which rows to suppress, by index: those smaller than `minGroupSize`, plus the smallest other one when
 * only one is (so the total cannot reveal it). Shared by figures, progress counts and panel composition.
 */
export function suppressBySize<T>(rows: readonly T[], size: (row: T) => number, minGroupSize: number): boolean[] {
  const hidden = rows.map((r) => size(r) < minGroupSize);
  if (hidden.filter(Boolean).length === 1) {
    let smallest = -1;
    rows.forEach((r, i) => {
      if (!hidden[i] && (smallest < 0 || size(r) < size(rows[smallest]!))) smallest = i;
    });
    if (smallest >= 0) hidden[smallest] = true;
  }
  return hidden;
}

/** The per-panellist attributes an export may show next to a pseudonym. */
export interface PanellistAttributes {
  stakeholderType: string | null;
  country: string | null;
  gender: string | null;
}

export const ATTRIBUTES = [
  "stakeholderType",
  "country",
  "gender",
] as const satisfies readonly (keyof PanellistAttributes)[];

/**
 * The attributes to print next to each panellist's pseudonym so that nobody who knows the panel can tell
 * who a pseudonym is: a value shared by fewer than `minGroupSize` panellists is replaced by the suppression
 * note, and if a combination of the values still shown singles out fewer than `minGroupSize` panellists,
 * whole columns that vary are suppressed (gender first, then country, then stakeholder type) until none does —
 * per-column suppression alone would let "clinician from BE" name the only such person. Returns one row
 * per input, in input order.
 */
export function anonymisedAttributes<T extends PanellistAttributes>(
  panel: readonly T[],
  minGroupSize: number,
): { stakeholderType: string | null; country: string | null; gender: string | null }[] {
  const note = suppressedLabel(minGroupSize);
  const rows = panel.map((p) => ({ stakeholderType: p.stakeholderType, country: p.country, gender: p.gender }));
  for (const attribute of ATTRIBUTES) {
    const counts = new Map<string | null, number>();
    for (const r of rows) counts.set(r[attribute], (counts.get(r[attribute]) ?? 0) + 1);
    for (const r of rows) if ((counts.get(r[attribute]) ?? 0) < minGroupSize) r[attribute] = note;
  }
  const unsafe = () => {
    const classes = new Map<string, number>();
    const key = (r: (typeof rows)[number]) => JSON.stringify(ATTRIBUTES.map((a) => r[a]));
    for (const r of rows) classes.set(key(r), (classes.get(key(r)) ?? 0) + 1);
    return rows.some((r) => classes.get(key(r))! < minGroupSize);
  };
  for (const attribute of [...ATTRIBUTES].reverse()) {
    if (!unsafe()) break;
    // A column with one value for everybody singles out nobody: keep it.
    if (new Set(rows.map((r) => r[attribute])).size > 1) for (const r of rows) r[attribute] = note;
  }
  return rows;
}

/**
 * Text in an order that carries no identity: sorted, so the k-th comment of two items is not the
 * same panellist's (answers are stored, and would otherwise be listed, in the order people answered).
 */
export function unattributedOrder(texts: readonly string[]): string[] {
  return texts
    .map((t) => t.trim())
    .filter(Boolean)
    .sort((a, b) => a.localeCompare(b, "en") || (a < b ? -1 : a > b ? 1 : 0));
}
