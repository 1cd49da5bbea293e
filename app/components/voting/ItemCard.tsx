// One item of the voting page: its wording, the previous round's feedback, the rating scale (autosaved),
// comment and suggested rewording, and the panel's shared rationale opened on demand. Plain elements styled by
// app/styles/voting.css: a round page holds up to 150 of these, and Mantine's component tree made its server
// rendering 4× slower (docs/performance.md).
import { Alert, Button } from "@mantine/core";
import { useRevalidator } from "@remix-run/react";
import { useState } from "react";
import { ItemFeedback } from "~/components/ItemFeedback";
import { RatingScale } from "~/components/RatingScale";
import { RationaleEditor } from "~/components/RationaleEditor";
import type { VotingView } from "~/models/voting.server";
import { documentName } from "../../../shared/delphi/documents";
import { AnswerText } from "./AnswerText";
import { ItemWording } from "./ItemWording";
import { LiveFeedback } from "./LiveFeedback";
import { useAnswerAutosave } from "./useAnswerAutosave";

export type Item = VotingView["items"][number];

export function ItemCard({
  item,
  view,
  onAnswered,
}: {
  item: Item;
  view: VotingView;
  onAnswered(id: string, answered: boolean): void;
}) {
  const open = view.round.status === "open" && view.role === "panellist";
  // An open round takes comments on the draft model, no rating: the answer is "no value" from the start.
  const commentsOnly = view.round.kind === "open";
  const realtime = view.round.kind === "realtime";
  const revalidator = useRevalidator();
  const { answer, save, fieldErrors, setValue, setText, flush, retry } = useAnswerAutosave({
    roundId: view.round.id,
    itemId: item.id,
    initial: {
      value: item.rating ? item.rating.value : commentsOnly ? null : undefined,
      comment: item.rating?.comment ?? "",
      suggestion: item.rating?.suggestion ?? "",
    },
    savedAt: item.rating?.savedAt ?? null,
    enabled: open,
    onSaved: () => {
      onAnswered(item.id, true);
      // Real-time Delphi: answering reveals the group's (published) figures for this item.
      if (realtime && !item.live) revalidator.revalidate();
    },
  });
  const { value, comment, suggestion } = answer;
  // Opened on demand: one live connection per item the panellist is looking at, not per item of the round.
  const [showRationale, setShowRationale] = useState(false);
  const label = `${item.key}${item.kind === "levels" ? " levels" : ""}`;

  return (
    // Scrolled to (links, errors) below the sticky progress bar, never under it (app/styles/voting.css).
    <div className="vote-card" id={`item-${item.key}`} data-testid={`item-${item.key}`}>
      <div className="vote-card-head">
        <p className="vote-kind">
          {item.key} · {item.kind === "levels" ? "the five level descriptors" : item.kind}
        </p>
        <p
          className="vote-save"
          aria-live="polite"
          data-error={save.state === "error" || undefined}
          data-testid="save-state"
        >
          {save.state === "saving" && "Saving…"}
          {save.state === "saved" && `Saved ${save.savedAt ? new Date(save.savedAt).toLocaleTimeString() : ""}`}
          {save.state === "error" && (save.offline ? "Kept on this device" : "Not saved")}
        </p>
      </div>
      {/* Under its key, across the card's whole width (a phone included). */}
      <ItemWording item={item} language={view.language} sourceLanguage={view.consultation.languages[0]!} />
      {item.feedback && <ItemFeedback feedback={item.feedback} points={view.consultation.scalePoints} />}
      {realtime && item.live && value !== undefined && (
        <LiveFeedback
          live={item.live}
          own={value}
          points={view.consultation.scalePoints}
          hasReason={comment.trim() !== ""}
        />
      )}
      {commentsOnly ? (
        <p className="vote-question" id={`question-${item.id}`} data-testid="question-text">
          Open round: comment on this item of the draft model or suggest a rewording; nothing is rated.
        </p>
      ) : (
        <>
          <p className="vote-question" id={`question-${item.id}`} data-testid="question-text">
            {view.consultation.questions[item.kind as keyof typeof view.consultation.questions]}
          </p>
          <RatingScale
            points={view.consultation.scalePoints}
            value={value}
            disabled={!open}
            label={`Your rating of ${label}`}
            onChange={setValue}
          />
        </>
      )}
      {save.state === "error" && !fieldErrors.comment && !fieldErrors.suggestion && (
        <Alert color="red" role="alert" p="xs" style={{ scrollMarginTop: 220 }}>
          {fieldErrors.value ?? save.message}{" "}
          <Button size="compact-xs" variant="white" onClick={retry}>
            Retry
          </Button>
        </Alert>
      )}
      {value !== undefined && (
        <div className="vote-texts">
          <AnswerText
            field="comment"
            label="Comment (optional)"
            text={comment}
            disabled={!open}
            error={fieldErrors.comment}
            onChange={(text) => setText("comment", text)}
            onBlur={flush}
          />
          <AnswerText
            field="suggestion"
            label="Suggested rewording (optional)"
            text={suggestion}
            disabled={!open}
            error={fieldErrors.suggestion}
            onChange={(text) => setText("suggestion", text)}
            onBlur={flush}
          />
        </div>
      )}
      <div>
        <button
          type="button"
          className="vote-link-button"
          aria-expanded={showRationale}
          onClick={() => setShowRationale((v) => !v)}
          data-testid="rationale-toggle"
        >
          {showRationale ? "Hide" : "Open"} the panel's shared rationale and proposed wording
        </button>
        {showRationale && (
          <RationaleEditor
            docName={documentName("rationale", item.id)}
            editable={open}
            displayName={view.pseudonym ?? (view.role === "observer" ? "Observer" : "Moderator")}
            colour="#1d4ed8"
            label={`Shared rationale for ${label}`}
          />
        )}
      </div>
    </div>
  );
}
