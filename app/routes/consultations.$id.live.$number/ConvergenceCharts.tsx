// Convergence of a real-time round over time (Mantine charts): per item, agreement % and IQR at each published
// snapshot; for the panel, how many items the rule calls validated or dropped. Each chart says its points in
// words too, for screen readers and print.
import { LineChart } from "@mantine/charts";
import { Card, NativeSelect, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";
import type { LiveRoundView } from "~/models/live.server";

function useTime() {
  const { i18n } = useTranslation();
  return (at: string) => new Date(at).toLocaleTimeString(i18n.language);
}

export function ConsensusOverTime({ points, items }: { points: LiveRoundView["consensus"]; items: number }) {
  const { t } = useTranslation("live");
  const time = useTime();
  const last = points.at(-1);
  return (
    <Card withBorder>
      <Title order={2} size="h4">
        {t("consensusTitle")}
      </Title>
      <Text size="sm" c="dimmed" data-testid="consensus-summary">
        {last
          ? t("consensusNow", { validated: last.validated, items, dropped: last.dropped, shown: last.shown })
          : t("noFigures")}
      </Text>
      {points.length > 0 && (
        <div role="img" aria-label={t("consensusAria")} data-testid="consensus-chart" data-points={points.length}>
          <LineChart
            h={180}
            data={points.map((p) => ({ ...p, time: time(p.at) }))}
            dataKey="time"
            series={[
              { name: "validated", label: t("validated"), color: "green.6" },
              { name: "dropped", label: t("dropped"), color: "red.6" },
            ]}
            withLegend
            curveType="step"
            yAxisProps={{ allowDecimals: false, domain: [0, items] }}
          />
        </div>
      )}
    </Card>
  );
}

export function ItemConvergence({ items }: { items: LiveRoundView["items"] }) {
  const { t } = useTranslation("live");
  const f = useFormat();
  const time = useTime();
  const withPoints = items.filter((i) => i.series.length > 0);
  // The first item with figures until the moderator picks one (items gain figures while the page is open).
  const [key, setKey] = useState<string | null>(null);
  const item = withPoints.find((i) => i.key === key) ?? withPoints[0];
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t("convergenceTitle")}
        </Title>
        {item ? (
          <>
            <NativeSelect
              label={t("item")}
              value={item.key}
              onChange={(e) => setKey(e.currentTarget.value)}
              data={withPoints.map((i) => ({ value: i.key, label: i.key }))}
              w={200}
            />
            <div
              role="img"
              aria-label={t("convergenceAria", {
                key: item.key,
                points: item.series
                  .map((p) =>
                    t("convergencePoint", {
                      time: time(p.at),
                      agreement: p.agreePct === null ? "–" : t("percent", { value: f.number(Math.round(p.agreePct)) }),
                      iqr: p.iqr === null ? "–" : f.figure(p.iqr),
                    }),
                  )
                  .join("; "),
              })}
              data-testid="convergence-chart"
              data-points={item.series.length}
            >
              <LineChart
                h={220}
                data={item.series.map((p) => ({ time: time(p.at), agreement: p.agreePct, iqr: p.iqr }))}
                dataKey="time"
                series={[
                  { name: "agreement", label: t("agreementPct"), color: "teal.6" },
                  { name: "iqr", label: t("iqr"), color: "grape.6", yAxisId: "right" },
                ]}
                withLegend
                withRightYAxis
                withDots
                yAxisProps={{ domain: [0, 100] }}
                rightYAxisProps={{ domain: [0, "auto"] }}
              />
            </div>
          </>
        ) : (
          <Text size="sm" c="dimmed">
            {t("noItemFigures")}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
