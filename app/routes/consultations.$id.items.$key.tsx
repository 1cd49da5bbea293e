// An item's lineage: what the panel rated in each round (with the changes since the round before), how it
// rated overall and per stakeholder group, what the rule computed and the moderator decided and why, the
// panel's rationale when the round closed, and the model version the consensus went into.
// Moderators and observers. Keys hold dots and "/levels": links encode them with encodeURIComponent.
import { Anchor, Badge, Card, Group, List, SimpleGrid, Stack, Table, Text, Timeline, Title } from "@mantine/core";
import { json, type LoaderFunctionArgs, type MetaFunction, type SerializeFrom } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DistributionBars } from "~/components/charts/DistributionBars";
import { ItemStabilitySummary } from "~/components/review/StabilityFigures";
import { useReviewWords, type Status } from "~/components/review/status";
import { useFormat } from "~/i18n/format";
import { WordDiff } from "~/components/charts/WordDiff";
import { StructureSteps } from "~/components/lineage/StructureSteps";
import { itemLineage } from "~/models/lineage.server";
import { requireUser } from "~/session.server";
import { AppError, httpStatus } from "../../shared/errors/app-error";
import { formatDateTime } from "../../shared/export/format";
import { HeaderRow } from "~/components/HeaderRow";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Item ${data?.lineage.key ?? ""} · ${data?.lineage.consultation.title ?? "Consultation"} · delphi-mlm` },
];

/** The item key from the URL: "I.1.1%2Flevels" may arrive still encoded, depending on the router. */
const keyParam = (raw: string) => (/%[0-9a-f]{2}/i.test(raw) ? decodeURIComponent(raw) : raw);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  try {
    return json({ lineage: await itemLineage(context.db, user, params.id!, keyParam(params.key!)) });
  } catch (error) {
    if (error instanceof AppError) throw new Response(error.message, { status: httpStatus(error.code) });
    throw error;
  }
}

type Lineage = SerializeFrom<typeof loader>["lineage"];
type Round = Lineage["rounds"][number];
type Group = NonNullable<Round["figures"]>["byStakeholderType"][number];

function ItemText({ text }: { text: string | string[] | null }) {
  const { t } = useTranslation("review");
  if (text === null) return <Text size="sm">{t("lineage.notInVersion")}</Text>;
  if (Array.isArray(text))
    return (
      <List type="ordered" size="sm" spacing={2}>
        {text.map((level, i) => (
          <List.Item key={i} dir="auto">
            {level}
          </List.Item>
        ))}
      </List>
    );
  return (
    <Text size="sm" dir="auto">
      {text}
    </Text>
  );
}

/** A status's name ("re-evaluate"), "—" when there is none. */
function useStatusName() {
  const { status } = useReviewWords();
  return (s: string | null | undefined) => (s ? status(s as Status) : "—");
}

function GroupTable({ caption, groups }: { caption: string; groups: Group[] }) {
  const { t } = useTranslation("review");
  const f = useFormat();
  if (!groups.length) return null;
  return (
    <Table striped withTableBorder fz="xs">
      <Table.Caption>{caption}</Table.Caption>
      <HeaderRow
        columns={[
          t("lineage.groupColumns.group"),
          t("lineage.groupColumns.n"),
          t("lineage.groupColumns.agree"),
          t("lineage.groupColumns.median"),
          t("lineage.groupColumns.iqr"),
        ]}
      />
      <Table.Tbody>
        {groups.map((g) => (
          <Table.Tr key={g.group ?? "—"}>
            <Table.Th scope="row" fw={400}>
              {g.group ?? t("lineage.notRecorded")}
            </Table.Th>
            {g.suppressed ? (
              <Table.Td colSpan={4}>{g.note}</Table.Td>
            ) : (
              <>
                <Table.Td>
                  {g.nRated}
                  {g.nNoOpinion ? t("lineage.noOpinion", { n: g.nNoOpinion }) : ""}
                </Table.Td>
                <Table.Td>{f.pct(g.agreePct)}</Table.Td>
                <Table.Td>{f.figure(g.median)}</Table.Td>
                <Table.Td>{f.figure(g.iqr)}</Table.Td>
              </>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function RoundCard({ round }: { round: Round }) {
  const { t } = useTranslation("review");
  const format = useFormat();
  const statusName = useStatusName();
  const f = round.figures?.overall;
  return (
    <Card withBorder>
      <Stack gap="sm">
        <div>
          <Text size="sm" fw={600}>
            {t("lineage.wordingRated")}
          </Text>
          <ItemText text={round.wording} />
        </div>
        {round.diff && (
          <div>
            <Text size="sm" fw={600}>
              {t("lineage.changes")}
            </Text>
            {round.diff.some((p) => p.type !== "same") ? (
              <WordDiff parts={round.diff} />
            ) : (
              <Text size="sm">{t("lineage.unchanged")}</Text>
            )}
          </div>
        )}
        {!round.figures ? (
          <Text size="sm" c="dimmed">
            {t("lineage.figuresLater")}
          </Text>
        ) : (
          <>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <DistributionBars
                counts={f!.counts}
                nNoOpinion={f!.nNoOpinion}
                title={t("lineage.ratingsIn", { round: round.round })}
              />
              <Table fz="sm" withTableBorder>
                <Table.Tbody>
                  {[
                    [t("lineage.rated"), t("lineage.ratedValue", { rated: f!.nRated, noOpinion: f!.nNoOpinion })],
                    [
                      t("lineage.bands"),
                      `${format.pct(f!.agreePct)} / ${format.pct(f!.neutralPct)} / ${format.pct(f!.disagreePct)}`,
                    ],
                    [t("lineage.median"), format.figure(f!.median)],
                    [
                      t("lineage.quartiles"),
                      `${format.figure(f!.q1)}–${format.figure(f!.q3)} (${format.figure(f!.iqr)})`,
                    ],
                    [t("lineage.mean"), `${format.figure(f!.mean)} (${format.figure(f!.sd)})`],
                  ].map(([label, value]) => (
                    <Table.Tr key={label}>
                      <Table.Th scope="row">{label}</Table.Th>
                      <Table.Td>{value}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </SimpleGrid>
            {round.stability && <ItemStabilitySummary stability={round.stability} />}
            <SimpleGrid cols={{ base: 1, md: 3 }}>
              <GroupTable caption={t("lineage.byStakeholderType")} groups={round.figures.byStakeholderType} />
              <GroupTable caption={t("lineage.byCountry")} groups={round.figures.byCountry} />
              <GroupTable caption={t("lineage.byGender")} groups={round.figures.byGender} />
            </SimpleGrid>
            <div>
              <Group gap="xs">
                <Text size="sm" fw={600}>
                  {t("lineage.rule")}
                </Text>
                <Badge variant="light">{statusName(round.status)}</Badge>
              </Group>
              <Text size="sm">{round.reason}</Text>
            </div>
            <div>
              <Group gap="xs">
                <Text size="sm" fw={600}>
                  {t("lineage.decision")}
                </Text>
                {round.decision ? (
                  <Badge variant="light" color={round.override ? "orange" : "teal"}>
                    {statusName(round.decision)}
                    {round.override ? t("lineage.overrideMark") : ""}
                  </Badge>
                ) : (
                  <Text size="sm">{t("lineage.notDecided")}</Text>
                )}
                {round.decidedAt && (
                  <Text size="xs" c="dimmed">
                    {formatDateTime(round.decidedAt)}
                  </Text>
                )}
              </Group>
              {round.rationale && (
                <Text size="sm" style={{ whiteSpace: "pre-wrap" }} dir="auto">
                  {t("lineage.rationale", { rationale: round.rationale })}
                </Text>
              )}
              {round.newWording && (
                <>
                  <Text size="sm" mt={4}>
                    {t("lineage.newWording")}
                  </Text>
                  <ItemText text={round.newWording} />
                </>
              )}
            </div>
          </>
        )}
        <div>
          <Text size="sm" fw={600}>
            {t("lineage.panelRationale")}
          </Text>
          {round.snapshot ? (
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }} dir="auto">
              {round.snapshot.text || t("lineage.empty")}
            </Text>
          ) : (
            <Text size="sm" c="dimmed">
              {round.roundStatus === "open" ? t("lineage.noSnapshotOpen") : t("lineage.noSnapshot")}
            </Text>
          )}
        </div>
      </Stack>
    </Card>
  );
}

export default function ItemLineagePage() {
  const { lineage: l } = useLoaderData<typeof loader>();
  const { t } = useTranslation("review");
  const { kind } = useReviewWords();
  const statusName = useStatusName();
  const roundStatus = (s: string) =>
    s === "draft" || s === "open" || s === "closed" || s === "published" ? t(`roundStatus.${s}`) : s;
  const c = l.consultation;
  return (
    <Stack maw={1100}>
      <div>
        <Text size="sm">
          <Anchor component={Link} to={`/consultations/${c.id}`}>
            {c.title}
          </Anchor>{" "}
          ·{" "}
          <Anchor component={Link} to={`/consultations/${c.id}/report`}>
            {t("lineage.studyReport")}
          </Anchor>
        </Text>
        <Group gap="xs">
          <Title order={1} size="h2">
            {t("lineage.title", { key: l.key })}
          </Title>
          <Badge variant="light">{kind(l.kind)}</Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {t("lineage.ratedIn", { count: l.rounds.length, model: l.base.model, version: l.base.version })}
        </Text>
      </div>
      <Card withBorder>
        <Text size="sm" fw={600}>
          {t("lineage.base", { model: l.base.model, version: l.base.version })}
        </Text>
        <ItemText text={l.base.text} />
      </Card>
      <StructureSteps structure={l.structure} />
      <Timeline active={l.rounds.length + l.published.length} bulletSize={22} lineWidth={2}>
        {l.rounds.map((round) => (
          <Timeline.Item
            key={round.round}
            bullet={round.round}
            title={
              <Group gap="xs">
                <Title order={2} size="h4">
                  {t("lineage.round", { round: round.round })}
                </Title>
                <Badge size="sm" variant="outline">
                  {roundStatus(round.roundStatus)}
                </Badge>
                {round.closedAt && (
                  <Text size="xs" c="dimmed">
                    {t("lineage.closed", { at: formatDateTime(round.closedAt) })}
                  </Text>
                )}
              </Group>
            }
          >
            <RoundCard round={round} />
          </Timeline.Item>
        ))}
        {l.published.map((v) => (
          <Timeline.Item
            key={`v${v.version}`}
            bullet="v"
            title={
              <Title order={2} size="h4">
                {t("lineage.publishedIn", { model: l.base.model, version: v.version })}
              </Title>
            }
          >
            <Card withBorder>
              <Text size="xs" c="dimmed">
                {formatDateTime(v.publishedAt)}
              </Text>
              {v.text === null ? <Text size="sm">{t("lineage.removed")}</Text> : <ItemText text={v.text} />}
              {v.change && (
                <Text size="sm" mt="xs">
                  {t(
                    v.change.decidedBy === "moderator"
                      ? v.change.changed
                        ? "lineage.changelogModerator"
                        : "lineage.changelogModeratorSame"
                      : v.change.changed
                        ? "lineage.changelogRule"
                        : "lineage.changelogRuleSame",
                    { decision: statusName(v.change.decision), round: v.change.round },
                  )}
                </Text>
              )}
              <Anchor
                component={Link}
                to={`/models/${l.base.slug}/compare?from=${l.base.version}&to=${v.version}`}
                size="sm"
              >
                {t("lineage.compare", { version: l.base.version })}
              </Anchor>
            </Card>
          </Timeline.Item>
        ))}
      </Timeline>
    </Stack>
  );
}
