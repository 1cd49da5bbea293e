// One item of the voting page: its wording, the previous round's feedback, the rating scale (autosaved),
// comment and suggested rewording, and the panel's shared rationale opened on demand. Plain elements styled by
// app/styles/voting.css: a round page holds up to 150 of these, and Mantine's component tree made its server
// rendering 4× slower (docs/performance.md).
import { Alert, Button } from "@mantine/core";
import { useRevalidator } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ItemFeedback } from "~/components/ItemFeedback";
import { RatingScale } from "~/components/RatingScale";
import { RationaleEditor } from "~/components/RationaleEditor";
import { useFormat } from "~/i18n/format";
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
  const { t } = useTranslation("voting");
  const f = useFormat();
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
  const label = item.kind === "levels" ? t("item.levelsLabel", { key: item.key }) : item.key;

  return (
    // Scrolled to (links, errors) below the sticky progress bar, never under it (app/styles/voting.css).
    <div className="vote-card" id={`item-${item.key}`} data-testid={`item-${item.key}`}>
      <div className="vote-card-head">
        <p className="vote-kind">
          {item.key} · {t(`item.kind.${item.kind as "levels"}`)}
        </p>
        <p
          className="vote-save"
          aria-live="polite"
          data-error={save.state === "error" || undefined}
          data-testid="save-state"
        >
          {save.state === "saving" && t("item.saving")}
          {save.state === "saved" &&
            t("item.saved", { time: save.savedAt ? new Date(save.savedAt).toLocaleTimeString(f.locale) : "" })}
          {save.state === "error" && (save.offline ? t("item.keptOnDevice") : t("item.notSaved"))}
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
          {t("item.openRoundQuestion")}
        </p>
      ) : (
        <>
          <p className="vote-question" id={`question-${item.id}`} data-testid="question-text" dir="auto">
            {view.consultation.questions[item.kind as keyof typeof view.consultation.questions]}
          </p>
          <RatingScale
            points={view.consultation.scalePoints}
            value={value}
            disabled={!open}
            label={t("item.yourRating", { label })}
            onChange={setValue}
          />
        </>
      )}
      {save.state === "error" && !fieldErrors.comment && !fieldErrors.suggestion && (
        <Alert color="red" role="alert" p="xs" style={{ scrollMarginTop: 220 }}>
          {fieldErrors.value ?? save.message}{" "}
          <Button size="compact-xs" variant="white" onClick={retry}>
            {t("item.retry")}
          </Button>
        </Alert>
      )}
      {value !== undefined && (
        <div className="vote-texts">
          <AnswerText
            field="comment"
            label={t("item.comment")}
            text={comment}
            disabled={!open}
            error={fieldErrors.comment}
            onChange={(text) => setText("comment", text)}
            onBlur={flush}
          />
          <AnswerText
            field="suggestion"
            label={t("item.suggestion")}
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
          {showRationale ? t("item.hideRationale") : t("item.openRationale")}
        </button>
        {showRationale && (
          <RationaleEditor
            docName={documentName("rationale", item.id)}
            editable={open}
            displayName={view.pseudonym ?? (view.role === "observer" ? t("item.observer") : t("item.moderator"))}
            colour="#1d4ed8"
            label={t("item.rationaleFor", { label })}
          />
        )}
      </div>
    </div>
  );
}
