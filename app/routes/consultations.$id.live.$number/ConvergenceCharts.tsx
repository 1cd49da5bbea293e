// Convergence of a real-time round over time (Mantine charts): per item, agreement % and IQR at each published
// snapshot; for the panel, how many items the rule calls validated or dropped. Each chart says its points in
// words too, for screen readers and print.
import { LineChart } from "@mantine/charts";
import { Card, NativeSelect, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import type { LiveRoundView } from "~/models/live.server";

const time = (at: string) => new Date(at).toLocaleTimeString();

export function ConsensusOverTime({ points, items }: { points: LiveRoundView["consensus"]; items: number }) {
  const last = points.at(-1);
  return (
    <Card withBorder>
      <Title order={2} size="h4">
        Items reaching consensus over time
      </Title>
      <Text size="sm" c="dimmed" data-testid="consensus-summary">
        {last
          ? `Now: ${last.validated} of ${items} items validated, ${last.dropped} dropped, ${last.shown} with figures.`
          : "No figures published yet."}
      </Text>
      {points.length > 0 && (
        <div
          role="img"
          aria-label="Items validated and dropped over time"
          data-testid="consensus-chart"
          data-points={points.length}
        >
          <LineChart
            h={180}
            data={points.map((p) => ({ ...p, time: time(p.at) }))}
            dataKey="time"
            series={[
              { name: "validated", label: "Validated", color: "green.6" },
              { name: "dropped", label: "Dropped", color: "red.6" },
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
  const withPoints = items.filter((i) => i.series.length > 0);
  // The first item with figures until the moderator picks one (items gain figures while the page is open).
  const [key, setKey] = useState<string | null>(null);
  const item = withPoints.find((i) => i.key === key) ?? withPoints[0];
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={2} size="h4">
          Convergence per item
        </Title>
        {item ? (
          <>
            <NativeSelect
              label="Item"
              value={item.key}
              onChange={(e) => setKey(e.currentTarget.value)}
              data={withPoints.map((i) => ({ value: i.key, label: i.key }))}
              w={200}
            />
            <div
              role="img"
              aria-label={`Agreement and IQR of ${item.key} over time: ${item.series
                .map(
                  (p) =>
                    `${time(p.at)} agreement ${p.agreePct === null ? "–" : Math.round(p.agreePct)} %, IQR ${p.iqr ?? "–"}`,
                )
                .join("; ")}`}
              data-testid="convergence-chart"
              data-points={item.series.length}
            >
              <LineChart
                h={220}
                data={item.series.map((p) => ({ time: time(p.at), agreement: p.agreePct, iqr: p.iqr }))}
                dataKey="time"
                series={[
                  { name: "agreement", label: "Agreement %", color: "teal.6" },
                  { name: "iqr", label: "IQR", color: "grape.6", yAxisId: "right" },
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
            No item has published figures yet.
          </Text>
        )}
      </Stack>
    </Card>
  );
}
