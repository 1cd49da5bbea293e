// One-click rating: a radio group (arrow keys move, space/enter choose) with the scale points
// and "No opinion", always offered and counted apart from the ratings.
import { Group, UnstyledButton } from "@mantine/core";
import { useRef, type KeyboardEvent } from "react";

export const FIVE_POINT_LABELS = ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"];

export type RatingValue = number | null;

interface Option {
  value: RatingValue;
  label: string;
  short: string;
}

export function scaleOptions(points: number): Option[] {
  const points_ = Array.from({ length: points }, (_, i) => i + 1);
  return [
    ...points_.map((p) =>
      points === 5
        ? { value: p, label: `${p} – ${FIVE_POINT_LABELS[p - 1]}`, short: FIVE_POINT_LABELS[p - 1]! }
        : { value: p, label: String(p), short: String(p) },
    ),
    { value: null, label: "No opinion / cannot judge", short: "No opinion" },
  ];
}

export function RatingScale(props: {
  points: number;
  value: RatingValue | undefined;
  onChange(value: RatingValue): void;
  disabled?: boolean;
  label: string;
}) {
  const options = scaleOptions(props.points);
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const selectedIndex = props.value === undefined ? -1 : options.findIndex((o) => o.value === props.value);
  const onKey = (e: KeyboardEvent, index: number) => {
    const delta =
      e.key === "ArrowRight" || e.key === "ArrowDown" ? 1 : e.key === "ArrowLeft" || e.key === "ArrowUp" ? -1 : 0;
    if (!delta) return;
    e.preventDefault();
    const next = (index + delta + options.length) % options.length;
    refs.current[next]?.focus();
    props.onChange(options[next]!.value);
  };
  return (
    <Group gap={6} role="radiogroup" aria-label={props.label} wrap="wrap">
      {options.map((o, i) => {
        const checked = i === selectedIndex;
        return (
          <UnstyledButton
            key={String(o.value)}
            ref={(el) => {
              refs.current[i] = el;
            }}
            role="radio"
            aria-checked={checked}
            aria-label={o.label}
            tabIndex={checked || (selectedIndex === -1 && i === 0) ? 0 : -1}
            disabled={props.disabled}
            onClick={() => props.onChange(o.value)}
            onKeyDown={(e) => onKey(e, i)}
            className="rating-option"
            data-checked={checked || undefined}
            data-no-opinion={o.value === null || undefined}
          >
            {o.short}
          </UnstyledButton>
        );
      })}
    </Group>
  );
}
