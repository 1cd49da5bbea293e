// Word-level diff (jsdiff's array diff over words) to show panellists how an item's wording changed between
// rounds. A word is what lies between spaces, punctuation included ("targets," replaces "targets"), and keeps
// the whitespace after it, so the unchanged and added parts joined give the new text.
import { diffArrays } from "diff";

export interface DiffPart {
  type: "same" | "added" | "removed";
  text: string;
}

const tokenize = (s: string) => s.match(/\s*\S+\s*|\s+/g) ?? [];

export function wordDiff(before: string, after: string): DiffPart[] {
  const changes = diffArrays(tokenize(before), tokenize(after), {
    // Words compare without their spacing: a re-wrapped line is not a change.
    comparator: (left, right) => left.trim() === right.trim(),
  });
  return changes.map((change) => ({
    type: change.added ? "added" : change.removed ? "removed" : "same",
    text: change.value.join(""),
  }));
}
