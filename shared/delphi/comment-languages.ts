// Which comments may show the language they were written in. A language badge is a subgroup label: on an item
// where few answered in German, "DE" next to a comment points at those few. So a badge is shown only for the
// languages whose answers on that item reach the minimum group size, with the same secondary suppression as
// subgroup figures (docs/decisions/item-translations.md).
import { suppressBySize, unattributedOrder } from "../stats/subgroups.js";

export interface LanguagedText {
  text: string;
  /** The language of the answer the text came with; null before consultations had languages. */
  language: string | null;
}

/**
 * An item's non-empty texts sorted as `unattributedOrder` sorts them, each with the language it may show (null:
 * not shown). `answers` are all the item's counted answers, with or without a text: the group sizes.
 */
export function languagesShown(
  answers: readonly LanguagedText[],
  minGroupSize: number,
): { texts: string[]; languages: (string | null)[] } {
  const sizes = new Map<string, number>();
  for (const a of answers) if (a.language !== null) sizes.set(a.language, (sizes.get(a.language) ?? 0) + 1);
  const groups = [...sizes.entries()];
  const hidden = suppressBySize(groups, ([, n]) => n, minGroupSize);
  const shown = new Set(groups.filter((_, i) => !hidden[i]).map(([language]) => language));
  const texts = unattributedOrder(answers.map((a) => a.text));
  // Texts are listed sorted; each takes a language of an answer with that text (equal texts: in turn).
  const byText = new Map<string, (string | null)[]>();
  for (const a of answers) {
    const t = a.text.trim();
    if (!t) continue;
    const list = byText.get(t) ?? byText.set(t, []).get(t)!;
    list.push(a.language !== null && shown.has(a.language) ? a.language : null);
  }
  for (const list of byText.values()) list.sort((a, b) => String(a).localeCompare(String(b)));
  return { texts, languages: texts.map((t) => byText.get(t)!.shift() ?? null) };
}
