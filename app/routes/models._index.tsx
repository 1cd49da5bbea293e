// The list of maturity level models and their versions; administrators import a model file and anyone signed in
// downloads a version in the interchange format.
import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ModelImport, type ModelImportResult } from "~/components/ModelImport";
import { importModelAs, listModels } from "~/models/model.server";
import { serverT } from "~/i18n/t.server";
import { requireUser } from "~/session.server";
import { AppError, httpStatus } from "../../shared/errors/app-error";

const MAX_MODEL_BYTES = 1024 * 1024;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "delphi-mlm" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  return {
    models: await listModels(context.db),
    isAdmin: user.isAdmin,
    title: serverT(request, user, "models")("meta.list"),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const refuse = (error: AppError) =>
    json<ModelImportResult>(
      { ok: false, error: error.message, details: error.details },
      { status: httpStatus(error.code) },
    );
  try {
    if (!user.isAdmin) throw new AppError("forbidden", "Only administrators can import models");
    if (Number(request.headers.get("content-length") ?? 0) > MAX_MODEL_BYTES + 64 * 1024)
      throw new AppError("too_large", "The model file is larger than 1 MB");
    const file = (await request.formData()).get("file");
    if (!(file instanceof File) || file.size === 0)
      throw new AppError("validation", "Choose a model file first", [{ path: "file", message: "required" }]);
    if (file.size > MAX_MODEL_BYTES) throw new AppError("too_large", "The model file is larger than 1 MB");
    let input: unknown;
    try {
      input = JSON.parse(await file.text());
    } catch (error) {
      throw new AppError("validation", `${file.name} is not valid JSON: ${(error as Error).message}`, [
        { path: "", message: "invalid JSON" },
      ]);
    }
    const r = await importModelAs(context.db, user, input);
    const c = r.counts;
    return json<ModelImportResult>({
      ok: true,
      message: `Imported ${file.name} as ${r.modelSlug} version ${r.versionNumber}: ${c.domains} domains, ${c.subdomains} subdomains, ${c.indicators} indicators, ${c.glossary} glossary terms${r.translations.length ? `; in ${r.language}, translated into ${r.translations.join(", ")}` : ""}.`,
    });
  } catch (error) {
    if (error instanceof AppError) return refuse(error);
    throw error;
  }
}

export default function Models() {
  const { t } = useTranslation("models");
  const { models, isAdmin } = useLoaderData<typeof loader>();
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("list.title")}
      </Title>
      {models.length === 0 && <Text>{t("list.none")}</Text>}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {models.map((m) => {
          const latest = m.versions[0];
          return (
            <Card key={m.slug} withBorder>
              <Anchor component={Link} to={`/models/${m.slug}`} fw={600} dir="auto">
                {m.name}
              </Anchor>
              <Group gap="xs" mt="xs">
                <Badge variant="light">{t("list.version", { number: latest?.number })}</Badge>
                <Text size="sm" c="dimmed">
                  {t("list.summary", { indicators: latest?.indicators, count: m.versions.length })}
                </Text>
              </Group>
              {latest && (
                <Anchor
                  size="sm"
                  mt="xs"
                  href={`/api/v1/models/${m.slug}/file?version=${latest.number}`}
                  download={`${m.slug}-v${latest.number}.json`}
                >
                  {t("list.download", { number: latest.number })}
                </Anchor>
              )}
            </Card>
          );
        })}
      </SimpleGrid>
      {isAdmin && <ModelImport />}
    </Stack>
  );
}
