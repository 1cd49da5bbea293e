// A comment or suggested-rewording field of an item: autosaved by useAnswerAutosave, with a length counter shown
// before the limit is reached and the reason a save failed, in words, right under the field.
import { Textarea } from "@mantine/core";
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
  const error = lengthError(props.field, text) ?? props.error;
  return (
    <Textarea
      label={props.label}
      size="xs"
      autosize
      minRows={1}
      value={text}
      disabled={props.disabled}
      onChange={(e) => props.onChange(e.currentTarget.value)}
      onBlur={props.onBlur}
      description={
        text.length >= COUNTER_FROM
          ? `${text.length.toLocaleString("en-US")} of ${TEXT_LIMIT.toLocaleString("en-US")} characters`
          : undefined
      }
      error={error}
      // Scrolled to below the sticky progress bar, never under it.
      errorProps={{ role: "alert", style: { scrollMarginTop: 220 } }}
      styles={{ input: { scrollMarginTop: 220 } }}
      data-testid={`${props.field}-input`}
      miw={220}
    />
  );
}
