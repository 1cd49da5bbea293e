// The model browser: domains → subdomains → indicators with their five levels, a search box
// and glossary definitions on the terms they explain.
import { Accordion, Anchor, Badge, Group, List, NativeSelect, Stack, Text, TextInput, Title } from "@mantine/core";
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { GlossaryText } from "~/components/GlossaryText";
import { getModelVersion, type ModelVersionView } from "~/models/model.server";
import { serverT } from "~/i18n/t.server";
import { requireUser } from "~/session.server";
import { urlInteger } from "../../shared/delphi/schemas";
import { AppError, httpStatus } from "../../shared/errors/app-error";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "delphi-mlm" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  try {
    const number = urlInteger(new URL(request.url).searchParams.get("v"), "v (the version number)", 1);
    const model = await getModelVersion(context.db, params.slug!, number);
    return json({
      model,
      title: serverT(request, user, "models")("meta.model", { name: model.name, number: model.number }),
    });
  } catch (error) {
    if (error instanceof AppError) throw new Response(error.message, { status: httpStatus(error.code) });
    throw error;
  }
}

type Indicator = ModelVersionView["domains"][number]["subdomains"][number]["indicators"][number];

const KEY_QUERY = /^[ivxlc]+(\.\d+)*\.?$/i;

/** A key such as "I.1" matches that item and its children; anything else searches the text. */
function matches(indicator: Indicator, query: string): boolean {
  if (!query) return true;
  if (KEY_QUERY.test(query)) {
    const key = query.replace(/\.$/, "").toUpperCase();
    return indicator.key === key || indicator.key.startsWith(`${key}.`);
  }
  const haystack = [indicator.key, indicator.statement, ...indicator.levels].join(" ").toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .every((word) => haystack.includes(word));
}

export default function ModelBrowser() {
  const { t } = useTranslation("models");
  const { model } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [query, setQuery] = useState(params.get("q") ?? "");
  const glossary = useMemo(() => new Map(model.glossary.map((g) => [g.term, g.definition])), [model.glossary]);
  const q = query.trim();
  const total = model.domains.flatMap((d) => d.subdomains.flatMap((s) => s.indicators)).length;
  const domains = model.domains
    .map((d) => ({
      ...d,
      subdomains: d.subdomains
        .map((s) => ({ ...s, indicators: s.indicators.filter((i) => matches(i, q)) }))
        .filter((s) => s.indicators.length > 0),
    }))
    .filter((d) => d.subdomains.length > 0);
  const shown = domains.flatMap((d) => d.subdomains.flatMap((s) => s.indicators)).length;

  return (
    <Stack gap="md" maw={960}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">
            {model.name}
          </Title>
          {model.source && (
            <Text size="sm" c="dimmed">
              {model.source}
            </Text>
          )}
          {model.translations.length > 0 && (
            <Text size="sm" c="dimmed" data-testid="model-languages">
              {`In ${model.language.toUpperCase()}, translated into ${model.translations.map((l) => l.toUpperCase()).join(", ")}`}
            </Text>
          )}
          {model.versions.length > 1 && (
            <Anchor
              component={Link}
              to={`/models/${model.slug}/compare?from=${model.number > 1 ? model.number - 1 : 1}&to=${model.number > 1 ? model.number : 2}`}
              size="sm"
            >
              {t("browser.compare", {
                from: model.number > 1 ? model.number - 1 : 1,
                to: model.number > 1 ? model.number : 2,
              })}
            </Anchor>
          )}
        </div>
        <NativeSelect
          label={t("browser.version")}
          value={String(model.number)}
          onChange={(e) => navigate(`?v=${e.currentTarget.value}`)}
          data={model.versions.map((n) => ({ value: String(n), label: t("browser.versionN", { number: n }) }))}
        />
      </Group>
      <TextInput
        label={t("browser.search")}
        placeholder={t("browser.searchPlaceholder")}
        value={query}
        onChange={(e) => setQuery(e.currentTarget.value)}
        type="search"
      />
      <Text size="sm" role="status" aria-live="polite">
        {q
          ? t("browser.matching", { shown, total })
          : t("browser.summary", { domains: model.domains.length, indicators: total, terms: model.glossary.length })}
      </Text>
      {domains.map((d) => (
        <section key={d.key} aria-labelledby={`domain-${d.key}`}>
          <Title order={2} size="h3" id={`domain-${d.key}`} mb="xs">
            <Badge variant="filled" mr="xs" size="lg">
              {d.key}
            </Badge>
            {d.title}
          </Title>
          {d.subdomains.map((s) => (
            <Stack key={s.key} gap={4} mb="md">
              <Title order={3} size="h5" c="gray.8">
                {s.key} {s.title}
              </Title>
              <Accordion
                multiple
                variant="separated"
                defaultValue={q ? s.indicators.map((i) => i.key) : []}
                key={q ? `q-${q}` : "all"}
              >
                {s.indicators.map((i) => (
                  <Accordion.Item key={i.key} value={i.key}>
                    <Accordion.Control>
                      <Text size="sm">
                        <Text span fw={700} mr={6}>
                          {i.key}
                        </Text>
                        <span dir="auto">
                          <GlossaryText text={i.statement} glossary={glossary} />
                        </span>
                      </Text>
                    </Accordion.Control>
                    <Accordion.Panel>
                      <List type="ordered" spacing={6} size="sm" aria-label={t("browser.levelsOf", { key: i.key })}>
                        {i.levels.map((level, li) => (
                          <List.Item key={li}>
                            <Text span fw={600} size="sm">
                              {model.levelScale[li]}:{" "}
                            </Text>
                            <span dir="auto">
                              <GlossaryText text={level} glossary={glossary} />
                            </span>
                          </List.Item>
                        ))}
                      </List>
                    </Accordion.Panel>
                  </Accordion.Item>
                ))}
              </Accordion>
            </Stack>
          ))}
        </section>
      ))}
    </Stack>
  );
}
