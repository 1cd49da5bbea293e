// Item figures broken down by a panellist attribute (stakeholder type, country, gender, …), so
// reports can show whether consensus holds within each group and not only overall.

import { type ItemFigures, itemFigures } from "./descriptive.js";
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

function compareGroups(a: GroupValue, b: GroupValue): number {
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}
