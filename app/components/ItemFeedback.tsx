// What makes it Delphi: the previous round's answers for a carried-over item — distribution,
// median, agreement, the panellist's own previous answer, the panel's comments, and the wording diff.
// Plain elements styled by app/styles/voting.css: shown on every carried-over item of a round page.
import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";
import { LanguageBadge } from "./LanguageBadge";
import type { ItemFeedback as Feedback } from "~/models/voting.server";
import { fivePointLabel } from "./RatingScale";
import { SharedRationale } from "./SharedRationale";

/** Comments shown before "Show all": enough to read the panel's tone without a wall of text. */
const COMMENTS_SHOWN = 3;

export function Histogram({ counts, own, points }: { counts: number[]; own?: number | null; points: number }) {
  const { t } = useTranslation("voting");
  const max = Math.max(1, ...counts);
  return (
    <div className="feedback-histogram" role="table" aria-label={t("feedback.distribution")}>
      {counts.map((c, i) => {
        const value = i + 1;
        const mine = own === value;
        return (
          <div key={value} className="feedback-row" role="row" data-own={mine || undefined}>
            <span role="rowheader" data-wide={points === 5 || undefined}>
              {points === 5 ? fivePointLabel(t, value) : value}
            </span>
            <span
              className="histogram-bar"
              data-own={mine || undefined}
              style={{ width: `${(c / max) * 160}px` }}
              aria-hidden
            />
            <span role="cell">
              {c}
              {mine ? t("feedback.yourAnswer") : ""}
            </span>
          </div>
        );
      })}
    </div>
  );
}

export function WordingDiff({ diff }: { diff: Feedback["diff"] }) {
  const { t } = useTranslation("voting");
  return (
    <p className="feedback-diff" data-testid="wording-diff" dir="auto">
      {diff.map((part, i) =>
        part.type === "same" ? (
          <span key={i}>{part.text}</span>
        ) : part.type === "added" ? (
          <ins key={i} className="diff-added" aria-label={t("feedback.added", { text: part.text })}>
            {part.text}
          </ins>
        ) : (
          <del key={i} className="diff-removed" aria-label={t("feedback.removed", { text: part.text })}>
            {part.text}
          </del>
        ),
      )}
    </p>
  );
}

export function ItemFeedback({ feedback, points }: { feedback: Feedback; points: number }) {
  const { t } = useTranslation("voting");
  const f = useFormat();
  const changed = feedback.diff.some((d) => d.type !== "same");
  const remarks = [
    ...feedback.comments.map((text, i) => ({ text, language: feedback.commentLanguages[i] ?? null })),
    ...feedback.suggestions.map((text) => ({ text: t("feedback.suggested", { text }), language: null })),
  ];
  const figures = {
    count: feedback.nRated,
    noOpinion: f.number(feedback.nNoOpinion),
    median: feedback.median === null ? "–" : f.figure(feedback.median),
    agreement:
      feedback.agreePct === null ? "–" : t("feedback.percent", { value: f.number(Math.round(feedback.agreePct)) }),
  };
  return (
    <div className="feedback" data-testid="feedback">
      <p className="feedback-title">
        {feedback.nNoOpinion ? t("feedback.summaryNoOpinion", figures) : t("feedback.summary", figures)}
      </p>
      <Histogram
        counts={feedback.counts}
        own={feedback.answeredPreviously ? feedback.ownPrevious : undefined}
        points={points}
      />
      {feedback.answeredPreviously && feedback.ownPrevious === null && (
        <p className="vote-note">{t("feedback.previousNoOpinion")}</p>
      )}
      {changed && (
        <div>
          <p className="feedback-title">{t("feedback.wordingChanged")}</p>
          <WordingDiff diff={feedback.diff} />
        </div>
      )}
      {remarks.length > 0 && (
        <div>
          <p className="feedback-title">{t("feedback.comments")}</p>
          <ul className="feedback-comments">
            {remarks.slice(0, COMMENTS_SHOWN).map((r, i) => (
              <li key={i} lang={r.language ?? undefined}>
                <LanguageBadge language={r.language} /> <span dir="auto">{r.text}</span>
              </li>
            ))}
          </ul>
          {remarks.length > COMMENTS_SHOWN && (
            <details>
              <summary>{t("feedback.showAll", { count: remarks.length })}</summary>
              <ul className="feedback-comments">
                {remarks.slice(COMMENTS_SHOWN).map((r, i) => (
                  <li key={i} lang={r.language ?? undefined}>
                    <LanguageBadge language={r.language} /> <span dir="auto">{r.text}</span>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
      {feedback.rationale && <SharedRationale round={feedback.rationale.round} text={feedback.rationale.text} />}
    </div>
  );
}
