// One-click rating: a radio group with the scale points and "No opinion", always offered and counted apart from
// the ratings. Keyboard: arrow keys move between the points without saving; Enter or Space saves the focused one,
// once — a panellist looking for "Agree" does not send four answers on the way.
// Plain elements styled by app/styles/voting.css: a round page renders one of these per item (up to 150), and
// Mantine's component tree cost ~1 ms of server rendering per scale (bench/page.ts, docs/performance.md).
import type { TFunction } from "i18next";
import { useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";

/** The five points' names in the voting catalog (scale.*), from "strongly disagree" to "strongly agree". */
export const FIVE_POINT_KEYS = ["stronglyDisagree", "disagree", "neutral", "agree", "stronglyAgree"] as const;

/** The name of point `value` (1–5) of a five-point scale, in the page's language. */
export const fivePointLabel = (t: TFunction<"voting">, value: number) => t(`scale.${FIVE_POINT_KEYS[value - 1]!}`);

export type RatingValue = number | null;

interface Option {
  value: RatingValue;
  label: string;
  short: string;
}

/** The anchors of a longer scale (e.g. RAND/UCLA's 9 points): its ends and its middle. */
export function scaleAnchors(points: number, t: TFunction<"voting">): Map<number, string> {
  const anchors = new Map<number, string>([
    [1, t("scale.stronglyDisagree")],
    [points, t("scale.stronglyAgree")],
  ]);
  if (points % 2 === 1) anchors.set((points + 1) / 2, t("scale.neutral"));
  return anchors;
}

export function scaleOptions(points: number, t: TFunction<"voting">): Option[] {
  const points_ = Array.from({ length: points }, (_, i) => i + 1);
  const anchors = scaleAnchors(points, t);
  return [
    ...points_.map((p) => {
      if (points === 5) {
        const name = fivePointLabel(t, p);
        return { value: p, label: t("scale.point", { point: p, label: name }), short: name };
      }
      const anchor = anchors.get(p);
      return { value: p, label: anchor ? t("scale.point", { point: p, label: anchor }) : String(p), short: String(p) };
    }),
    { value: null, label: t("scale.noOpinionLong"), short: t("scale.noOpinion") },
  ];
}

export function RatingScale(props: {
  points: number;
  value: RatingValue | undefined;
  onChange(value: RatingValue): void;
  disabled?: boolean;
  label: string;
}) {
  const { t, i18n } = useTranslation("voting");
  const options = scaleOptions(props.points, t);
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const selectedIndex = props.value === undefined ? -1 : options.findIndex((o) => o.value === props.value);
  // The point the keyboard is on; it takes the tab stop until something is chosen.
  const [focused, setFocused] = useState<number | null>(null);
  const tabStop = focused ?? (selectedIndex === -1 ? 0 : selectedIndex);
  const onKey = (e: KeyboardEvent, index: number) => {
    const delta =
      e.key === "ArrowRight" || e.key === "ArrowDown" ? 1 : e.key === "ArrowLeft" || e.key === "ArrowUp" ? -1 : 0;
    if (!delta) return;
    e.preventDefault();
    const next = (index + delta + options.length) % options.length;
    setFocused(next);
    refs.current[next]?.focus();
  };
  const anchors = props.points === 5 ? null : scaleAnchors(props.points, t);
  const group = (
    <div className="rating-scale" role="radiogroup" aria-label={props.label}>
      {options.map((o, i) => {
        const checked = i === selectedIndex;
        return (
          <button
            type="button"
            key={String(o.value)}
            ref={(el) => {
              refs.current[i] = el;
            }}
            role="radio"
            aria-checked={checked}
            aria-label={o.label}
            tabIndex={i === tabStop ? 0 : -1}
            disabled={props.disabled}
            onClick={() => {
              setFocused(null);
              if (!checked) props.onChange(o.value);
            }}
            onKeyDown={(e) => onKey(e, i)}
            onBlur={() => setFocused((f) => (f === i ? null : f))}
            className="rating-option"
            data-checked={checked || undefined}
            data-no-opinion={o.value === null || undefined}
          >
            {o.short}
          </button>
        );
      })}
    </div>
  );
  if (!anchors) return group;
  return (
    <div>
      {group}
      <p className="vote-note">
        {[...anchors]
          .map(([point, label]) => t("scale.anchor", { point, label: label.toLocaleLowerCase(i18n.language) }))
          .join(" · ")}
      </p>
    </div>
  );
}
