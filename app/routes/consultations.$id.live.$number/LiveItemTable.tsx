// Per item of a real-time round: the published figures, the status the rule computes from them, and revisions.
import { Badge, Table, Text } from "@mantine/core";
import type { LiveRoundView } from "~/models/live.server";

const STATUS_COLOURS: Record<string, string> = {
  validated: "green",
  reformulate: "yellow",
  reevaluate: "blue",
  dropped: "red",
  insufficient: "gray",
};
const num = (x: number | null | undefined) => (x === null || x === undefined ? "–" : String(Number(x.toFixed(2))));

export function LiveItemTable({ items }: { items: LiveRoundView["items"] }) {
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped data-testid="live-items">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Item</Table.Th>
            <Table.Th>Answers</Table.Th>
            <Table.Th>Median</Table.Th>
            <Table.Th>IQR</Table.Th>
            <Table.Th>Agreement</Table.Th>
            <Table.Th>Status by the rule</Table.Th>
            <Table.Th>Revisions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((i) => (
            <Table.Tr key={i.id} data-testid={`live-item-${i.key}`}>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {i.key}
                </Text>
                <Text size="xs" c="dimmed" lineClamp={2}>
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
                  <Table.Td>{i.figures.agreePct === null ? "–" : `${Math.round(i.figures.agreePct)} %`}</Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLOURS[i.figures.status] ?? "gray"} variant="light" title={i.figures.reason}>
                      {i.figures.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{i.revisions}</Table.Td>
                </>
              ) : (
                <Table.Td colSpan={6}>
                  <Text size="sm" c="dimmed">
                    Not shown yet: fewer than the minimum group size have answered
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
