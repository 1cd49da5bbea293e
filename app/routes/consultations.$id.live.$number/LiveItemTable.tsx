// Per item of a real-time round: the published figures, the status the rule computes from them, and revisions.
import { Badge, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";
import { useReviewWords } from "~/components/review/status";
import type { LiveRoundView } from "~/models/live.server";

const STATUS_COLOURS: Record<string, string> = {
  validated: "green",
  reformulate: "yellow",
  reevaluate: "blue",
  dropped: "red",
  insufficient: "gray",
};
export function LiveItemTable({ items }: { items: LiveRoundView["items"] }) {
  const { t } = useTranslation("live");
  const f = useFormat();
  const words = useReviewWords();
  const num = (x: number | null | undefined) => (x === null || x === undefined ? "–" : f.figure(x));
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped data-testid="live-items">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("colItem")}</Table.Th>
            <Table.Th>{t("colAnswers")}</Table.Th>
            <Table.Th>{t("colMedian")}</Table.Th>
            <Table.Th>{t("colIqr")}</Table.Th>
            <Table.Th>{t("colAgreement")}</Table.Th>
            <Table.Th>{t("colStatus")}</Table.Th>
            <Table.Th>{t("colRevisions")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((i) => (
            <Table.Tr key={i.id} data-testid={`live-item-${i.key}`}>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {i.key}
                </Text>
                <Text size="xs" c="dimmed" lineClamp={2} dir="auto">
                  {i.wording}
                </Text>
              </Table.Td>
              {i.figures ? (
                <>
                  <Table.Td>{i.answers}</Table.Td>
                  <Table.Td>{num(i.figures.median)}</Table.Td>
                  <Table.Td>
                    {num(i.figures.iqr)} ({num(i.figures.q1)}–{num(i.figures.q3)})
                  </Table.Td>
                  <Table.Td>
                    {i.figures.agreePct === null
                      ? "–"
                      : t("percent", { value: f.number(Math.round(i.figures.agreePct)) })}
                  </Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLOURS[i.figures.status] ?? "gray"} variant="light" title={i.figures.reason}>
                      {words.status(i.figures.status as Parameters<typeof words.status>[0])}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{i.revisions}</Table.Td>
                </>
              ) : (
                <Table.Td colSpan={6}>
                  <Text size="sm" c="dimmed">
                    {t("notShown")}
                  </Text>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
