// What makes it Delphi: the previous round's answers for a carried-over item — distribution,
// median, agreement, the panellist's own previous answer, the panel's comments, and the wording diff.
import { Box, Group, List, Spoiler, Stack, Text } from "@mantine/core";
import type { ItemFeedback as Feedback } from "~/models/voting.server";
import { FIVE_POINT_LABELS } from "./RatingScale";
import { SharedRationale } from "./SharedRationale";

export function Histogram({ counts, own, points }: { counts: number[]; own?: number | null; points: number }) {
  const max = Math.max(1, ...counts);
  return (
    <Stack gap={2} role="table" aria-label="Previous round distribution">
      {counts.map((c, i) => {
        const value = i + 1;
        const mine = own === value;
        return (
          <Group key={value} gap={6} wrap="nowrap" role="row">
            <Text size="xs" w={points === 5 ? 110 : 20} role="rowheader" fw={mine ? 700 : 400}>
              {points === 5 ? FIVE_POINT_LABELS[i] : value}
            </Text>
            <Box
              className="histogram-bar"
              data-own={mine || undefined}
              style={{ width: `${(c / max) * 160}px` }}
              aria-hidden
            />
            <Text size="xs" role="cell" fw={mine ? 700 : 400}>
              {c}
              {mine ? " ← your answer" : ""}
            </Text>
          </Group>
        );
      })}
    </Stack>
  );
}

export function WordingDiff({ diff }: { diff: Feedback["diff"] }) {
  return (
    <Text size="sm" style={{ whiteSpace: "pre-wrap" }} data-testid="wording-diff">
      {diff.map((part, i) =>
        part.type === "same" ? (
          <span key={i}>{part.text}</span>
        ) : part.type === "added" ? (
          <ins key={i} className="diff-added" aria-label={`added: ${part.text}`}>
            {part.text}
          </ins>
        ) : (
          <del key={i} className="diff-removed" aria-label={`removed: ${part.text}`}>
            {part.text}
          </del>
        ),
      )}
    </Text>
  );
}

export function ItemFeedback({ feedback, points }: { feedback: Feedback; points: number }) {
  const changed = feedback.diff.some((d) => d.type !== "same");
  return (
    <Box p="sm" bg="gray.0" style={{ borderRadius: 8 }} data-testid="feedback">
      <Text size="sm" fw={600} mb={4}>
        Previous round: {feedback.nRated} ratings{feedback.nNoOpinion ? `, ${feedback.nNoOpinion} no opinion` : ""} ·
        median {feedback.median ?? "–"} · agreement{" "}
        {feedback.agreePct === null ? "–" : `${Math.round(feedback.agreePct)} %`}
      </Text>
      <Histogram
        counts={feedback.counts}
        own={feedback.answeredPreviously ? feedback.ownPrevious : undefined}
        points={points}
      />
      {feedback.answeredPreviously && feedback.ownPrevious === null && (
        <Text size="xs" mt={4}>
          Your previous answer: no opinion
        </Text>
      )}
      {changed && (
        <Box mt="xs">
          <Text size="sm" fw={600}>
            Wording changed since the previous round:
          </Text>
          <WordingDiff diff={feedback.diff} />
        </Box>
      )}
      {(feedback.comments.length > 0 || feedback.suggestions.length > 0) && (
        <Spoiler maxHeight={90} showLabel="Show all comments" hideLabel="Show fewer" mt="xs">
          <Text size="sm" fw={600}>
            The panel's comments (anonymous):
          </Text>
          <List size="sm" spacing={2}>
            {feedback.comments.map((c, i) => (
              <List.Item key={`c${i}`}>{c}</List.Item>
            ))}
            {feedback.suggestions.map((s, i) => (
              <List.Item key={`s${i}`}>Suggested wording: {s}</List.Item>
            ))}
          </List>
        </Spoiler>
      )}
      {feedback.rationale && <SharedRationale round={feedback.rationale.round} text={feedback.rationale.text} />}
    </Box>
  );
}
