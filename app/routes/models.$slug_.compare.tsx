// Two versions of a model side by side (/models/:slug/compare?from=1&to=2): every added, removed or
// reworded item with a word diff, and the changelog of the consensus that produced the newer version.
// (`$slug_` keeps this page out of the model browser's layout while keeping the URL.)
import {
  Anchor,
  Badge,
  Card,
  Checkbox,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { json, type LoaderFunctionArgs, type MetaFunction, type SerializeFrom } from "@remix-run/node";
import { Link, isRouteErrorResponse, useLoaderData, useNavigate, useRouteError } from "@remix-run/react";
import { useState } from "react";
import { WordDiff } from "~/components/charts/WordDiff";
import { compareModelVersions } from "~/models/publish.server";
import { requireUser } from "~/session.server";
import { AppError, httpStatus } from "../../shared/errors/app-error";
import type { DiffPart } from "../../shared/text/diff";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `${data.comparison.model.name}: version ${data.comparison.from.number} → ${data.comparison.to.number} · delphi-mlm`
      : "Compare versions · delphi-mlm",
  },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireUser(request, context);
  const query = new URL(request.url).searchParams;
  try {
    return json({
      comparison: await compareModelVersions(context.db, params.slug!, query.get("from"), query.get("to")),
    });
  } catch (error) {
    if (error instanceof AppError) throw new Response(error.message, { status: httpStatus(error.code) });
    throw error;
  }
}

type Comparison = SerializeFrom<typeof loader>["comparison"];
type Compared = Comparison["items"][number];
type Entry = Comparison["changelogs"][number]["entries"][number];

const CHANGE_COLOURS = { added: "teal.9", removed: "red.9", changed: "indigo.8" } as const;
const DECISION_LABELS: Record<string, string> = {
  validated: "validated",
  reformulate: "reformulated",
  reevaluate: "re-evaluate (unchanged)",
  dropped: "dropped",
  insufficient: "insufficient answers (unchanged)",
};
const pct = (x: number | null) => (x === null ? "–" : `${Math.round(x)} %`);
const num = (x: number | null) => (x === null ? "–" : String(Number(x.toFixed(2))));
const anchorId = (key: string) => `item-${key.replace(/[^A-Za-z0-9]+/g, "-")}`;

function Side({
  label,
  present,
  parts,
  show,
}: {
  label: string;
  present: boolean;
  parts: DiffPart[];
  show: "before" | "after";
}) {
  return (
    <Stack gap={2}>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase">
        {label}
      </Text>
      {present ? (
        <WordDiff parts={parts} show={show} />
      ) : (
        <Text size="sm" fs="italic">
          {show === "before" ? "not in this version" : "removed"}
        </Text>
      )}
    </Stack>
  );
}

function ComparedCard({ item, c }: { item: Compared; c: Comparison }) {
  const fromLabel = `Version ${c.from.number}`;
  const toLabel = `Version ${c.to.number}`;
  const levels = item.kind === "levels";
  const diffs = (levels ? item.diff : [item.diff]) as DiffPart[][];
  return (
    <Card withBorder id={anchorId(item.key)} data-testid={`compare-${item.key}`}>
      <Group gap="xs" mb="xs">
        <Text fw={700}>{item.key}</Text>
        <Text size="sm" c="dimmed">
          {item.kind}
        </Text>
        <Badge color={CHANGE_COLOURS[item.change]} size="sm">
          {item.change}
        </Badge>
      </Group>
      <Stack gap="xs">
        {diffs.map((parts, i) => (
          <Stack key={i} gap={2}>
            {levels && (
              <Text size="sm" fw={600}>
                {c.to.levelScale[i] ?? `Level ${i + 1}`}
              </Text>
            )}
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <Side label={fromLabel} present={item.before !== null} parts={parts} show="before" />
              <Side label={toLabel} present={item.after !== null} parts={parts} show="after" />
            </SimpleGrid>
          </Stack>
        ))}
      </Stack>
    </Card>
  );
}

function ChangelogTable({ entries, showAll }: { entries: Entry[]; showAll: boolean }) {
  const rows = showAll ? entries : entries.filter((e) => e.changed || e.rationale || e.panelRationales?.length);
  if (!rows.length) return <Text size="sm">No entry changed the text or carries a rationale.</Text>;
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped verticalSpacing={4} fz="sm" aria-label="Changelog">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Key</Table.Th>
            <Table.Th>Decision</Table.Th>
            <Table.Th ta="right">Round</Table.Th>
            <Table.Th ta="right">Agree</Table.Th>
            <Table.Th ta="right">Median</Table.Th>
            <Table.Th ta="right">IQR</Table.Th>
            <Table.Th ta="right">n</Table.Th>
            <Table.Th>Rationale</Table.Th>
            <Table.Th>Text</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((e) => (
            <Table.Tr key={e.key} data-testid={`changelog-${e.key}`}>
              <Table.Td fw={700} style={{ whiteSpace: "nowrap" }}>
                {e.changed ? (
                  <Anchor href={`#${anchorId(e.key)}`} size="sm" fw={700}>
                    {e.key}
                  </Anchor>
                ) : (
                  e.key
                )}
              </Table.Td>
              <Table.Td>
                {DECISION_LABELS[e.decision] ?? e.decision}
                {e.decidedBy === "rule" && (
                  <Text span size="xs" c="dimmed">
                    {" "}
                    (computed)
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right">{e.round}</Table.Td>
              <Table.Td ta="right">{pct(e.figures.agreePct)}</Table.Td>
              <Table.Td ta="right">{num(e.figures.median)}</Table.Td>
              <Table.Td ta="right">{num(e.figures.iqr)}</Table.Td>
              <Table.Td ta="right">{e.figures.n}</Table.Td>
              <Table.Td maw={320}>
                <Text size="sm">{e.rationale ?? "–"}</Text>
                {e.panelRationales?.map((r) => (
                  <Text
                    size="xs"
                    c="dimmed"
                    key={r.round}
                    style={{ whiteSpace: "pre-wrap" }}
                    data-testid="panel-rationale"
                  >
                    Panel&apos;s shared rationale, round {r.round}: {r.text}
                  </Text>
                ))}
              </Table.Td>
              <Table.Td>
                {e.newText === null
                  ? "removed"
                  : e.editorial
                    ? "editorial rewording"
                    : e.changed
                      ? "changed"
                      : "unchanged"}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export default function CompareVersions() {
  const { comparison: c } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const [showAll, setShowAll] = useState(false);
  const go = (from: number, to: number) => navigate(`?from=${from}&to=${to}`);
  const versions = c.model.versions.map((n) => ({ value: String(n), label: `Version ${n}` }));
  const s = c.summary;
  return (
    <Stack gap="md" maw={1100}>
      <Stack gap={2}>
        <Anchor component={Link} to={`/models/${c.model.slug}?v=${c.to.number}`} size="sm">
          ← {c.model.name}, version {c.to.number}
        </Anchor>
        <Title order={1} size="h2">
          Version {c.from.number} → version {c.to.number}
        </Title>
        <Text size="sm">{c.model.name}</Text>
      </Stack>
      <Group gap="md" align="flex-end">
        <NativeSelect
          label="From"
          value={String(c.from.number)}
          onChange={(e) => go(Number(e.currentTarget.value), c.to.number)}
          data={versions}
        />
        <NativeSelect
          label="To"
          value={String(c.to.number)}
          onChange={(e) => go(c.from.number, Number(e.currentTarget.value))}
          data={versions}
        />
        <Text size="sm" mb={8} role="status">
          {s.changed} changed · {s.removed} removed · {s.added} added · {s.unchanged} unchanged
        </Text>
      </Group>

      {c.changelogs.map((log) => (
        <Stack key={log.version} gap="xs" component="section" aria-labelledby={`changelog-${log.version}`}>
          <Title order={2} size="h4" id={`changelog-${log.version}`}>
            Changelog of version {log.version}
          </Title>
          <Text size="sm">
            Published {new Date(log.publishedAt).toUTCString()}
            {log.consultation ? ` from the consensus of “${log.consultation.title ?? log.consultation.id}”` : ""} ·{" "}
            {log.entries.length} items decided, {log.entries.filter((e) => e.changed).length} changed
          </Text>
          <Checkbox
            label="Show every decided item (also unchanged ones without a rationale)"
            checked={showAll}
            onChange={(e) => setShowAll(e.currentTarget.checked)}
          />
          <ChangelogTable entries={log.entries} showAll={showAll} />
        </Stack>
      ))}

      <Stack gap="sm" component="section" aria-labelledby="changed-items">
        <Title order={2} size="h4" id="changed-items">
          Changed items
        </Title>
        {c.items.length === 0 && <Text size="sm">The two versions have the same text.</Text>}
        {c.items.map((item) => (
          <ComparedCard key={item.key} item={item} c={c} />
        ))}
      </Stack>
    </Stack>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? typeof error.data === "string"
      ? error.data
      : `${error.status} ${error.statusText}`
    : "Something went wrong; please try again.";
  return (
    <Stack maw={720}>
      <Title order={1} size="h2">
        Cannot compare these versions
      </Title>
      <Text role="alert">{message}</Text>
      <Anchor component={Link} to="/models">
        Back to the models
      </Anchor>
    </Stack>
  );
}
