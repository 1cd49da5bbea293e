// The administrators' model upload on /models: a model file (docs/model-format.md) in, the new version or the
// importer's path-precise errors out (the same as `npm run model:import` and POST /api/v1/models).
import { Alert, Button, Card, FileInput, Group, List, Stack, Text, Title } from "@mantine/core";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export type ModelImportResult =
  { ok: true; message: string } | { ok: false; error: string; details: { path: string; message: string }[] };

/** How many of the importer's details the page lists (the first one is in the message). */
const SHOWN_DETAILS = 20;

export function ModelImport() {
  const result = useActionData<ModelImportResult>();
  const busy = useNavigation().state === "submitting";
  const { t } = useTranslation("consultation");
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t("modelImport.title")}
        </Title>
        <Text size="sm" c="dimmed">
          {t("modelImport.intro")}
        </Text>
        <Form method="post" encType="multipart/form-data">
          <Group align="flex-end">
            <FileInput label={t("modelImport.file")} name="file" accept=".json,application/json" w={280} required />
            <Button type="submit" loading={busy}>
              {t("modelImport.import")}
            </Button>
          </Group>
        </Form>
        {result?.ok && (
          <Alert color="green" role="status">
            {result.message}
          </Alert>
        )}
        {result && !result.ok && (
          <Alert color="red" role="alert" title={result.error}>
            {result.details.length > 1 && (
              <List size="sm">
                {result.details.slice(0, SHOWN_DETAILS).map((d) => (
                  <List.Item key={`${d.path}:${d.message}`}>
                    {d.path ? `${d.path}: ` : ""}
                    {d.message}
                  </List.Item>
                ))}
              </List>
            )}
            {result.details.length > SHOWN_DETAILS && (
              <Text size="sm">{t("modelImport.more", { count: result.details.length - SHOWN_DETAILS })}</Text>
            )}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
