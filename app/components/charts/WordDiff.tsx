// A word diff (shared/text/diff.ts) shown inline: insertions and deletions marked with <ins>/<del>
// so they are announced as such, and coloured without relying on colour alone (strike-through).
import { Text } from "@mantine/core";
import type { DiffPart } from "../../../shared/text/diff";

const ADDED = { background: "var(--mantine-color-green-1)", textDecoration: "underline", color: "inherit" };
const REMOVED = { background: "var(--mantine-color-red-1)", textDecoration: "line-through", color: "inherit" };

export function WordDiff({ parts, show = "both" }: { parts: DiffPart[]; show?: "both" | "before" | "after" }) {
  return (
    <Text size="sm" style={{ whiteSpace: "pre-wrap" }} dir="auto">
      {parts.map((part, i) => {
        if (part.type === "same") return <span key={i}>{part.text}</span>;
        if (part.type === "added")
          return show === "before" ? null : (
            <ins key={i} style={ADDED}>
              {part.text}
            </ins>
          );
        return show === "after" ? null : (
          <del key={i} style={REMOVED}>
            {part.text}
          </del>
        );
      })}
    </Text>
  );
}
