// How a panel's ratings of one item spread over the scale: a mini histogram for table rows and
// labelled bars for the detail view. Bars are coloured by agreement band (disagree / neutral / agree).
import { Box, Group, Stack, Text } from "@mantine/core";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";
import { fivePointLabel } from "../RatingScale";
import { categorize, defaultScale, type AgreementCategory, type ScalePoints } from "../../../shared/stats/scale";

export const BAND_COLOURS: Record<AgreementCategory, string> = {
  disagree: "var(--mantine-color-red-7)",
  neutral: "var(--mantine-color-gray-5)",
  agree: "var(--mantine-color-teal-7)",
};

export function bandOf(value: number, points: number): AgreementCategory {
  return categorize(value, defaultScale(points as ScalePoints));
}

const describe = (counts: number[]) => counts.map((c, i) => `${i + 1}: ${c}`).join(", ");

/** A tiny inline histogram (one bar per scale point); screen readers get the counts. */
export function MiniHistogram({
  counts,
  width = 64,
  height = 22,
}: {
  counts: number[];
  width?: number;
  height?: number;
}) {
  const { t } = useTranslation("voting");
  const max = Math.max(1, ...counts);
  const gap = 2;
  const barWidth = (width - gap * (counts.length - 1)) / counts.length;
  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={t("distribution.perPoint", { counts: describe(counts) })}
      style={{ display: "block" }}
    >
      <line x1={0} x2={width} y1={height - 0.5} y2={height - 0.5} stroke="var(--mantine-color-gray-4)" />
      {counts.map((c, i) => {
        const h = c === 0 ? 0 : Math.max(2, (c / max) * (height - 2));
        return (
          <rect
            key={i}
            x={i * (barWidth + gap)}
            y={height - 1 - h}
            width={barWidth}
            height={h}
            rx={1}
            fill={BAND_COLOURS[bandOf(i + 1, counts.length)]}
          />
        );
      })}
    </svg>
  );
}

/** Labelled horizontal bars: count and share of rated answers per scale point, no-opinion answers apart. */
export function DistributionBars({
  counts,
  nNoOpinion,
  title,
}: {
  counts: number[];
  nNoOpinion: number;
  title?: string;
}) {
  const { t } = useTranslation("voting");
  const f = useFormat();
  const n = counts.reduce((s, c) => s + c, 0);
  const max = Math.max(1, ...counts);
  const points = counts.length;
  const titleId = useId();
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600} id={titleId}>
        {title ?? t("distribution.title")}
      </Text>
      <Stack gap={4} role="table" aria-labelledby={titleId}>
        {counts
          .map((c, i) => ({ c, value: i + 1 }))
          .reverse()
          .map(({ c, value }) => (
            <Group key={value} gap={8} wrap="nowrap" role="row">
              <Text size="xs" w={points === 5 ? 120 : 24} role="rowheader">
                {points === 5 ? `${value} ${fivePointLabel(t, value)}` : value}
              </Text>
              <Box
                aria-hidden
                style={{
                  width: `${(c / max) * 100}%`,
                  maxWidth: 220,
                  minWidth: c ? 3 : 0,
                  height: 14,
                  borderRadius: 2,
                  background: BAND_COLOURS[bandOf(value, points)],
                  flex: "0 1 auto",
                }}
              />
              <Text size="xs" role="cell">
                {c}
                {n ? t("distribution.share", { value: f.number(Math.round((c * 100) / n)) }) : ""}
              </Text>
            </Group>
          ))}
      </Stack>
      <Text size="xs" c="dimmed">
        {nNoOpinion
          ? t("distribution.ratedNoOpinion", { n: f.number(n), noOpinion: f.number(nNoOpinion) })
          : t("distribution.rated", { n: f.number(n) })}
      </Text>
    </Stack>
  );
}
