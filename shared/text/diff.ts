// Word-level diff (jsdiff's diffWords) to show panellists how an item's wording changed between rounds.
// Whitespace stays with the words beside it, so the unchanged and added parts joined give the new text.
import { diffWords } from "diff";

export interface DiffPart {
  type: "same" | "added" | "removed";
  text: string;
}

export function wordDiff(before: string, after: string): DiffPart[] {
  return diffWords(before, after).map((change) => ({
    type: change.added ? "added" : change.removed ? "removed" : "same",
    text: change.value,
  }));
}
