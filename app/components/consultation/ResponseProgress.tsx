// Live response figures of a round on the consultation page (moderators, observers): complete — the response
// rate — with partial and not started beside it, the distribution of progress as counts, per group (small groups
// suppressed), and, in quasi-anonymous studies only, each panellist's progress by name (moderators only).
import { Badge, Card, Group, Progress, SimpleGrid, Table, Text, Title } from "@mantine/core";
import type { ProgressGroup, RoundProgress } from "~/models/progress.server";
import { HeaderRow } from "../HeaderRow";

const STATUS_LABEL = { complete: "complete", partial: "partial", "not-started": "not started" } as const;

export function ResponseProgress({ round, progress, live }: { round: number; progress: RoundProgress; live: boolean }) {
  const items = progress.items.length;
  return (
    <Card withBorder aria-live="polite">
      <Group justify="space-between">
        <Title order={2} size="h4">
          Round {round} responses
        </Title>
        <Badge color={live ? "green" : "gray"} variant="dot">
          {live ? "live" : "offline"}
        </Badge>
      </Group>
      <Text mt="xs" data-testid="finished-count">
        {progress.finished} of {progress.panel} experts have finished
      </Text>
      <Progress
        value={progress.panel ? (100 * progress.finished) / progress.panel : 0}
        mt={4}
        aria-label="Panellists finished"
      />
      <Text size="sm" mt={4} data-testid="completion-counts">
        Complete {progress.finished} · partial {progress.partial}
        {progress.submittedPartial > 0 && ` (${progress.submittedPartial} submitted with items left blank)`} · not
        started {progress.notStarted}
      </Text>
      <Text size="sm" c="dimmed" mt={4}>
        {progress.started} started · {progress.joined} joined
        {progress.attrition && ` · previous round: ${progress.attrition.previousRoundFinished} submitted`}. Finished
        means submitted with every item answered (&quot;no opinion&quot; counts as an answer).
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }} mt="sm">
        <Table striped withTableBorder fz="sm" data-testid="progress-distribution">
          <Table.Caption>Share of the {items} items answered</Table.Caption>
          <HeaderRow columns={["Answered", "Panellists"]} />
          <Table.Tbody>
            {progress.distribution.map((d) => (
              <Table.Tr key={d.band}>
                <Table.Td>{d.band}</Table.Td>
                <Table.Td>{d.panellists}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {progress.people && (
          <Table.ScrollContainer minWidth={300}>
            <Table striped withTableBorder fz="sm" data-testid="progress-people">
              <Table.Caption>Each panellist&apos;s progress (quasi-anonymous study)</Table.Caption>
              <HeaderRow columns={["Name", "Status"]} />
              <Table.Tbody>
                {progress.people.map((p) => (
                  <Table.Tr key={p.email}>
                    <Table.Td>{p.name}</Table.Td>
                    <Table.Td>{STATUS_LABEL[p.status]}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }} mt="sm">
        <GroupTable title="By stakeholder type" rows={progress.byStakeholderType} />
        <GroupTable title="By country" rows={progress.byCountry} />
      </SimpleGrid>
      <Text size="sm" mt="sm">
        Not submitted yet:{" "}
        {progress.notFinished.people
          ? progress.notFinished.people.map((p) => p.name).join(", ") || "nobody"
          : `${progress.notFinished.count} panellist${progress.notFinished.count === 1 ? "" : "s"}`}
      </Text>
      <Text size="sm" c="dimmed" mt="sm">
        Items rated: {progress.items.filter((i) => i.rated > 0).length} of {items} have at least one answer; least
        answered {items ? Math.min(...progress.items.map((i) => i.rated)) : 0}.
      </Text>
    </Card>
  );
}

function GroupTable({ title, rows }: { title: string; rows: ProgressGroup[] }) {
  return (
    <Table striped withTableBorder fz="sm">
      <Table.Caption>{title}</Table.Caption>
      <HeaderRow columns={["Group", "Finished", "Partial", "Started"]} />
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.value}>
            <Table.Td>{r.value}</Table.Td>
            {r.suppressed ? (
              <Table.Td colSpan={3}>{r.note}</Table.Td>
            ) : (
              <>
                <Table.Td>
                  {r.finished}/{r.panel}
                </Table.Td>
                <Table.Td>{r.partial}</Table.Td>
                <Table.Td>{r.started}</Table.Td>
              </>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
