// Where the panel agrees across the model: mean agreement per domain and subdomain as bars, with the
// rule's agreement threshold marked so weak areas stand out at a glance.
import { Box, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/format";

export interface OverviewRow {
  key: string;
  title: string;
  level: "domain" | "subdomain";
  items: number;
  meanAgreePct: number | null;
}

function Bar({ value, threshold }: { value: number | null; threshold: number | null }) {
  return (
    <Box pos="relative" w={180} h={12} bg="gray.1" style={{ borderRadius: 2 }} aria-hidden>
      {value !== null && (
        <Box
          h={12}
          style={{
            width: `${value}%`,
            borderRadius: 2,
            background:
              threshold !== null && value < threshold ? "var(--mantine-color-orange-6)" : "var(--mantine-color-teal-7)",
          }}
        />
      )}
      {threshold !== null && (
        <Box pos="absolute" top={-2} h={16} w={2} bg="dark.7" style={{ left: `calc(${threshold}% - 1px)` }} />
      )}
    </Box>
  );
}

export function DomainOverview({ rows, threshold = null }: { rows: OverviewRow[]; threshold?: number | null }) {
  const { t } = useTranslation("review");
  const f = useFormat();
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table verticalSpacing={4} fz="sm" aria-label={t("overview.label")}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("overview.domain")}</Table.Th>
            <Table.Th ta="right">{t("overview.items")}</Table.Th>
            <Table.Th ta="right">{t("overview.mean")}</Table.Th>
            <Table.Th>
              <Text span size="sm" fw={700}>
                {t("overview.agreement")}
              </Text>
              {threshold !== null && (
                <Text span size="xs" c="dimmed">
                  {" "}
                  {t("overview.line", { threshold: f.number(threshold) })}
                </Text>
              )}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key}>
              <Table.Td pl={r.level === "subdomain" ? 28 : undefined} fw={r.level === "domain" ? 700 : 400}>
                {r.key} <span dir="auto">{r.title}</span>
              </Table.Td>
              <Table.Td ta="right">{f.number(r.items)}</Table.Td>
              <Table.Td ta="right">
                {r.meanAgreePct === null ? "–" : t("stability.pct", { value: f.number(Math.round(r.meanAgreePct)) })}
              </Table.Td>
              <Table.Td>
                <Bar value={r.meanAgreePct} threshold={threshold} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
