// Two versions of a model side by side (/models/:slug/compare?from=1&to=2): every added, removed or
// reworded item with a word diff, and the changelog of the consensus that produced the newer version.
// (`$slug_` keeps this page out of the model browser's layout while keeping the URL.)
import { Anchor, Badge, Card, Checkbox, Group, NativeSelect, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { json, type LoaderFunctionArgs, type MetaFunction, type SerializeFrom } from "@remix-run/node";
import { Link, useLoaderData, useNavigate } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { WordDiff } from "~/components/charts/WordDiff";
import { anchorId, ChangelogTable } from "~/components/compare/ChangelogTable";
import { StructureChanges } from "~/components/compare/StructureChanges";
import { useFormat } from "~/i18n/format";
import { serverT } from "~/i18n/t.server";
import { compareModelVersions } from "~/models/publish.server";
import { requireUser } from "~/session.server";
import { AppError, httpStatus } from "../../shared/errors/app-error";
import type { DiffPart } from "../../shared/text/diff";
import { RouteError } from "~/components/RouteError";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "delphi-mlm" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const query = new URL(request.url).searchParams;
  try {
    const comparison = await compareModelVersions(context.db, params.slug!, query.get("from"), query.get("to"));
    const title = serverT(
      request,
      user,
      "models",
    )("meta.compare", {
      name: comparison.model.name,
      from: comparison.from.number,
      to: comparison.to.number,
    });
    return json({ comparison, title });
  } catch (error) {
    if (error instanceof AppError) throw new Response(error.message, { status: httpStatus(error.code) });
    throw error;
  }
}

type Comparison = SerializeFrom<typeof loader>["comparison"];
type Compared = Comparison["items"][number];

const CHANGE_COLOURS = {
  added: "teal.9",
  removed: "red.9",
  changed: "indigo.8",
  merged: "grape.8",
  split: "orange.9",
  moved: "cyan.9",
  renumbered: "gray.7",
} as const;

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
  const { t } = useTranslation("models");
  return (
    <Stack gap={2}>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase">
        {label}
      </Text>
      {present ? (
        <div dir="auto">
          <WordDiff parts={parts} show={show} />
        </div>
      ) : (
        <Text size="sm" fs="italic">
          {show === "before" ? t("compare.notInVersion") : t("compare.removed")}
        </Text>
      )}
    </Stack>
  );
}

function ComparedCard({ item, c, t }: { item: Compared; c: Comparison; t: TFunction<"models"> }) {
  const fromLabel = t("compare.version", { number: c.from.number });
  const toLabel = t("compare.version", { number: c.to.number });
  const levels = item.kind === "levels";
  const diffs = (levels ? item.diff : [item.diff]) as DiffPart[][];
  return (
    <Card withBorder id={anchorId(item.key)} data-testid={`compare-${item.key}`}>
      <Group gap="xs" mb="xs">
        <Text fw={700}>{item.key}</Text>
        <Text size="sm" c="dimmed">
          {t(`kind.${item.kind}`)}
        </Text>
        <Badge color={CHANGE_COLOURS[item.change]} size="sm">
          {t(`change.${item.change}`)}
        </Badge>
        {item.newKeys && (
          <Text size="sm" data-testid="new-keys">
            {item.newKeys.length ? `→ ${item.newKeys.join(", ")}` : ""}
          </Text>
        )}
      </Group>
      <Stack gap="xs">
        {diffs.map((parts, i) => (
          <Stack key={i} gap={2}>
            {levels && (
              <Text size="sm" fw={600}>
                {c.to.levelScale[i] ?? t("compare.level", { number: i + 1 })}
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

export default function CompareVersions() {
  const { t } = useTranslation("models");
  const f = useFormat();
  const { comparison: c } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const [showAll, setShowAll] = useState(false);
  const go = (from: number, to: number) => navigate(`?from=${from}&to=${to}`);
  const versions = c.model.versions.map((n) => ({ value: String(n), label: t("compare.version", { number: n }) }));
  const s = c.summary;
  return (
    <Stack gap="md" maw={1100}>
      <Stack gap={2}>
        <Anchor component={Link} to={`/models/${c.model.slug}?v=${c.to.number}`} size="sm">
          {t("compare.back", { name: c.model.name, number: c.to.number })}
        </Anchor>
        <Title order={1} size="h2">
          {t("compare.title", { from: c.from.number, to: c.to.number })}
        </Title>
        <Text size="sm">{c.model.name}</Text>
      </Stack>
      <Group gap="md" align="flex-end">
        <NativeSelect
          label={t("compare.from")}
          value={String(c.from.number)}
          onChange={(e) => go(Number(e.currentTarget.value), c.to.number)}
          data={versions}
        />
        <NativeSelect
          label={t("compare.to")}
          value={String(c.to.number)}
          onChange={(e) => go(c.from.number, Number(e.currentTarget.value))}
          data={versions}
        />
        <Text size="sm" mb={8} role="status">
          {s.merged !== undefined ? t("compare.summaryRestructured", s) : t("compare.summary", s)}
        </Text>
      </Group>

      {c.unrelatedBase !== undefined && (
        <Text size="sm" data-testid="unrelated-versions">
          {c.unrelatedBase !== null
            ? t("compare.unrelatedBase", { from: c.from.number, to: c.to.number, base: c.unrelatedBase })
            : t("compare.unrelated", { from: c.from.number, to: c.to.number })}
        </Text>
      )}

      {c.structureChanges.map((v) => (
        <StructureChanges key={v.version} version={v.version} steps={v.steps} />
      ))}

      {c.changelogs.map((log) => (
        <Stack key={log.version} gap="xs" component="section" aria-labelledby={`changelog-${log.version}`}>
          <Title order={2} size="h4" id={`changelog-${log.version}`}>
            {t("compare.changelogOf", { version: log.version })}
          </Title>
          <Text size="sm">
            {t(log.consultation ? "compare.publishedFrom" : "compare.published", {
              date: f.dateTime(log.publishedAt),
              title: log.consultation ? (log.consultation.title ?? log.consultation.id) : "",
              decided: log.entries.length,
              changed: log.entries.filter((e) => e.changed).length,
            })}
          </Text>
          <Checkbox
            label={t("compare.showAll")}
            checked={showAll}
            onChange={(e) => setShowAll(e.currentTarget.checked)}
          />
          <ChangelogTable entries={log.entries} showAll={showAll} />
        </Stack>
      ))}

      <Stack gap="sm" component="section" aria-labelledby="changed-items">
        <Title order={2} size="h4" id="changed-items">
          {t("compare.changedItems")}
        </Title>
        {c.items.length === 0 && <Text size="sm">{t("compare.sameText")}</Text>}
        {c.items.map((item) => (
          <ComparedCard key={item.key} item={item} c={c} t={t} />
        ))}
      </Stack>
    </Stack>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("models");
  return <RouteError title={t("compare.cannotCompare")} back={{ to: "/models", label: t("compare.backToModels") }} />;
}
