// A comment or suggested-rewording field of an item: autosaved by useAnswerAutosave, with a length counter shown
// before the limit is reached and the reason a save failed, in words, right under the field.
// A plain labelled textarea (app/styles/voting.css), for the same reason as RatingScale: one per rated item.
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";
import { lengthError, TEXT_LIMIT, type TextField } from "./useAnswerAutosave";

const COUNTER_FROM = Math.floor(TEXT_LIMIT * 0.8);

export function AnswerText(props: {
  field: TextField;
  label: string;
  text: string;
  disabled: boolean;
  error?: string;
  onChange(text: string): void;
  onBlur(): void;
}) {
  const { text } = props;
  const id = useId();
  const { t } = useTranslation("voting");
  const f = useFormat();
  const error = lengthError(props.field, text, t, f) ?? props.error;
  const counter =
    text.length >= COUNTER_FROM
      ? t("answer.counter", { length: f.number(text.length), limit: f.number(TEXT_LIMIT) })
      : null;
  const described = [counter && `${id}-counter`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className="answer-text">
      <label htmlFor={id}>{props.label}</label>
      {counter && (
        <p className="vote-note" id={`${id}-counter`}>
          {counter}
        </p>
      )}
      <textarea
        id={id}
        dir="auto"
        rows={1}
        value={text}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.currentTarget.value)}
        onBlur={props.onBlur}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
        data-testid={`${props.field}-input`}
      />
      {error && (
        <p className="answer-error" role="alert" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
