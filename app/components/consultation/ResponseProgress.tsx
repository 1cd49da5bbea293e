// Live response figures of a round on the consultation page (moderators, observers): complete — the response
// rate — with partial and not started beside it, the distribution of progress as counts, per group (small groups
// suppressed), and, in quasi-anonymous studies only, each panellist's progress by name (moderators only).
import { Badge, Card, Group, Progress, SimpleGrid, Table, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";
import { useConsultationLabels } from "./labels";
import type { ProgressGroup, RoundProgress } from "~/models/progress.server";
import { HeaderRow } from "../HeaderRow";

export function ResponseProgress({ round, progress, live }: { round: number; progress: RoundProgress; live: boolean }) {
  const { t } = useTranslation("consultation");
  const f = useFormat();
  const items = progress.items.length;
  return (
    <Card withBorder aria-live="polite">
      <Group justify="space-between">
        <Title order={2} size="h4">
          {t("progress.title", { round })}
        </Title>
        <Badge color={live ? "green" : "gray"} variant="dot">
          {live ? t("progress.live") : t("progress.offline")}
        </Badge>
      </Group>
      <Text mt="xs" data-testid="finished-count">
        {t("progress.finished", { finished: f.number(progress.finished), panel: f.number(progress.panel) })}
      </Text>
      <Progress
        value={progress.panel ? (100 * progress.finished) / progress.panel : 0}
        mt={4}
        aria-label={t("progress.finishedBar")}
      />
      <Text size="sm" mt={4} data-testid="completion-counts">
        {t(progress.submittedPartial > 0 ? "progress.countsBlank" : "progress.counts", {
          finished: f.number(progress.finished),
          partial: f.number(progress.partial),
          blank: f.number(progress.submittedPartial),
          notStarted: f.number(progress.notStarted),
        })}
      </Text>
      <Text size="sm" c="dimmed" mt={4}>
        {t(progress.attrition ? "progress.startedAttrition" : "progress.started", {
          started: f.number(progress.started),
          joined: f.number(progress.joined),
          previous: f.number(progress.attrition?.previousRoundFinished ?? 0),
        })}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }} mt="sm">
        <Table striped withTableBorder fz="sm" data-testid="progress-distribution">
          <Table.Caption>{t("progress.share", { count: items })}</Table.Caption>
          <HeaderRow columns={[t("progress.answered"), t("progress.panellists")]} />
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
              <Table.Caption>{t("progress.people")}</Table.Caption>
              <HeaderRow columns={[t("progress.name"), t("progress.status")]} />
              <Table.Tbody>
                {progress.people.map((p) => (
                  <Table.Tr key={p.email}>
                    <Table.Td>{p.name}</Table.Td>
                    <Table.Td>{t(`progress.personStatus.${p.status}`)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }} mt="sm">
        <GroupTable title={t("progress.byStakeholderType")} rows={progress.byStakeholderType} stakeholders />
        <GroupTable title={t("progress.byCountry")} rows={progress.byCountry} />
      </SimpleGrid>
      <Text size="sm" mt="sm">
        {progress.notFinished.people
          ? t("progress.notSubmitted", {
              who: progress.notFinished.people.map((p) => p.name).join(", ") || t("progress.nobody"),
            })
          : t("progress.notSubmittedCount", { count: progress.notFinished.count })}
      </Text>
      <Text size="sm" c="dimmed" mt="sm">
        {t("progress.itemsRated", {
          rated: f.number(progress.items.filter((i) => i.rated > 0).length),
          items: f.number(items),
          least: f.number(items ? Math.min(...progress.items.map((i) => i.rated)) : 0),
        })}
      </Text>
    </Card>
  );
}

function GroupTable({ title, rows, stakeholders }: { title: string; rows: ProgressGroup[]; stakeholders?: boolean }) {
  const { t } = useTranslation("consultation");
  const { stakeholderType } = useConsultationLabels();
  return (
    <Table striped withTableBorder fz="sm">
      <Table.Caption>{title}</Table.Caption>
      <HeaderRow
        columns={[
          t("progress.group"),
          t("progress.groupFinished"),
          t("progress.groupPartial"),
          t("progress.groupStarted"),
        ]}
      />
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.value}>
            <Table.Td>{stakeholders ? stakeholderType(r.value) : r.value}</Table.Td>
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
