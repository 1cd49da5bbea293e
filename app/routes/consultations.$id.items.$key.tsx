// An item's lineage: what the panel rated in each round (with the changes since the round before), how it
// rated overall and per stakeholder group, what the rule computed and the moderator decided and why, the
// panel's rationale when the round closed, and the model version the consensus went into.
// Moderators and observers. Keys hold dots and "/levels": links encode them with encodeURIComponent.
import { Anchor, Badge, Card, Group, List, SimpleGrid, Stack, Table, Text, Timeline, Title } from "@mantine/core";
import { json, type LoaderFunctionArgs, type MetaFunction, type SerializeFrom } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DistributionBars } from "~/components/charts/DistributionBars";
import { ItemStabilitySummary } from "~/components/review/StabilityFigures";
import { WordDiff } from "~/components/charts/WordDiff";
import { StructureSteps } from "~/components/lineage/StructureSteps";
import { itemLineage } from "~/models/lineage.server";
import { requireUser } from "~/session.server";
import { AppError, httpStatus } from "../../shared/errors/app-error";
import { formatDateTime, formatFigure, formatPct, statusLabel } from "../../shared/export/format";
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
  if (text === null) return <Text size="sm">(not in this version)</Text>;
  if (Array.isArray(text))
    return (
      <List type="ordered" size="sm" spacing={2}>
        {text.map((level, i) => (
          <List.Item key={i}>{level}</List.Item>
        ))}
      </List>
    );
  return <Text size="sm">{text}</Text>;
}

function GroupTable({ caption, groups }: { caption: string; groups: Group[] }) {
  if (!groups.length) return null;
  return (
    <Table striped withTableBorder fz="xs">
      <Table.Caption>{caption}</Table.Caption>
      <HeaderRow columns={["Group", "n", "Agree %", "Median", "IQR"]} />
      <Table.Tbody>
        {groups.map((g) => (
          <Table.Tr key={g.group ?? "—"}>
            <Table.Th scope="row" fw={400}>
              {g.group ?? "not recorded"}
            </Table.Th>
            {g.suppressed ? (
              <Table.Td colSpan={4}>{g.note}</Table.Td>
            ) : (
              <>
                <Table.Td>
                  {g.nRated}
                  {g.nNoOpinion ? ` (+${g.nNoOpinion} no opinion)` : ""}
                </Table.Td>
                <Table.Td>{formatPct(g.agreePct)}</Table.Td>
                <Table.Td>{formatFigure(g.median)}</Table.Td>
                <Table.Td>{formatFigure(g.iqr)}</Table.Td>
              </>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function RoundCard({ round }: { round: Round }) {
  const f = round.figures?.overall;
  return (
    <Card withBorder>
      <Stack gap="sm">
        <div>
          <Text size="sm" fw={600}>
            Wording rated
          </Text>
          <ItemText text={round.wording} />
        </div>
        {round.diff && (
          <div>
            <Text size="sm" fw={600}>
              Changes since the previous round
            </Text>
            {round.diff.some((p) => p.type !== "same") ? (
              <WordDiff parts={round.diff} />
            ) : (
              <Text size="sm">Unchanged (re-evaluated as worded before).</Text>
            )}
          </div>
        )}
        {!round.figures ? (
          <Text size="sm" c="dimmed">
            Figures exist once the round is closed.
          </Text>
        ) : (
          <>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <DistributionBars
                counts={f!.counts}
                nNoOpinion={f!.nNoOpinion}
                title={`Ratings in round ${round.round}`}
              />
              <Table fz="sm" withTableBorder>
                <Table.Tbody>
                  {[
                    ["Rated", `${f!.nRated} (+${f!.nNoOpinion} no opinion)`],
                    [
                      "Agree / neutral / disagree %",
                      `${formatPct(f!.agreePct)} / ${formatPct(f!.neutralPct)} / ${formatPct(f!.disagreePct)}`,
                    ],
                    ["Median", formatFigure(f!.median)],
                    ["Q1–Q3 (IQR)", `${formatFigure(f!.q1)}–${formatFigure(f!.q3)} (${formatFigure(f!.iqr)})`],
                    ["Mean (SD)", `${formatFigure(f!.mean)} (${formatFigure(f!.sd)})`],
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
              <GroupTable caption="By stakeholder type" groups={round.figures.byStakeholderType} />
              <GroupTable caption="By country" groups={round.figures.byCountry} />
              <GroupTable caption="By gender" groups={round.figures.byGender} />
              {round.figures.byLanguage.length > 0 && (
                <GroupTable caption="By language" groups={round.figures.byLanguage} />
              )}
            </SimpleGrid>
            <div>
              <Group gap="xs">
                <Text size="sm" fw={600}>
                  Rule:
                </Text>
                <Badge variant="light">{statusLabel(round.status)}</Badge>
              </Group>
              <Text size="sm">{round.reason}</Text>
            </div>
            <div>
              <Group gap="xs">
                <Text size="sm" fw={600}>
                  Moderator decision:
                </Text>
                {round.decision ? (
                  <Badge variant="light" color={round.override ? "orange" : "teal"}>
                    {statusLabel(round.decision)}
                    {round.override ? " (override)" : ""}
                  </Badge>
                ) : (
                  <Text size="sm">not decided yet</Text>
                )}
                {round.decidedAt && (
                  <Text size="xs" c="dimmed">
                    {formatDateTime(round.decidedAt)}
                  </Text>
                )}
              </Group>
              {round.rationale && (
                <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                  Rationale: {round.rationale}
                </Text>
              )}
              {round.newWording && (
                <>
                  <Text size="sm" mt={4}>
                    New wording for the next round:
                  </Text>
                  <ItemText text={round.newWording} />
                </>
              )}
            </div>
          </>
        )}
        <div>
          <Text size="sm" fw={600}>
            Panel rationale when the round closed
          </Text>
          {round.snapshot ? (
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
              {round.snapshot.text || "(empty)"}
            </Text>
          ) : (
            <Text size="sm" c="dimmed">
              No rationale snapshot{round.roundStatus === "open" ? " yet: the round is open" : ""}.
            </Text>
          )}
        </div>
      </Stack>
    </Card>
  );
}

export default function ItemLineagePage() {
  const { lineage: l } = useLoaderData<typeof loader>();
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
            Study report
          </Anchor>
        </Text>
        <Group gap="xs">
          <Title order={1} size="h2">
            Item {l.key}
          </Title>
          <Badge variant="light">{l.kind}</Badge>
        </Group>
        <Text size="sm" c="dimmed">
          Rated in {l.rounds.length} round{l.rounds.length === 1 ? "" : "s"} · from {l.base.model} version{" "}
          {l.base.version}
        </Text>
      </div>
      <Card withBorder>
        <Text size="sm" fw={600}>
          In {l.base.model} version {l.base.version} (the consultation&apos;s starting point)
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
                  Round {round.round}
                </Title>
                <Badge size="sm" variant="outline">
                  {round.roundStatus}
                </Badge>
                {round.closedAt && (
                  <Text size="xs" c="dimmed">
                    closed {formatDateTime(round.closedAt)}
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
                Published in {l.base.model} version {v.version}
              </Title>
            }
          >
            <Card withBorder>
              <Text size="xs" c="dimmed">
                {formatDateTime(v.publishedAt)}
              </Text>
              {v.text === null ? <Text size="sm">Removed from the model (dropped).</Text> : <ItemText text={v.text} />}
              {v.change && (
                <Text size="sm" mt="xs">
                  Changelog: {statusLabel(v.change.decision)} in round {v.change.round} (
                  {v.change.decidedBy === "moderator" ? "moderator's decision" : "rule's computed status"})
                  {v.change.changed ? ", wording changed" : ", wording unchanged"}.
                </Text>
              )}
              <Anchor
                component={Link}
                to={`/models/${l.base.slug}/compare?from=${l.base.version}&to=${v.version}`}
                size="sm"
              >
                Compare with version {l.base.version}
              </Anchor>
            </Card>
          </Timeline.Item>
        ))}
      </Timeline>
    </Stack>
  );
}
