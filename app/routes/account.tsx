// Personal API tokens for scripted access to /api/v1: scoped, optionally expiring, shown once, stored hashed,
// listed with their use and revocable.
import { Alert, Badge, Button, Code, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { createApiToken, listApiTokens, revokeApiToken, type ApiTokenView } from "~/models/api-token.server";
import { serverT } from "~/i18n/t.server";
import { requireUser } from "~/session.server";
import { AppError } from "../../shared/errors/app-error";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "delphi-mlm" }];

const EXPIRY_CHOICES = [
  { value: "30", label: "tokens.expiry.days30" },
  { value: "90", label: "tokens.expiry.days90" },
  { value: "365", label: "tokens.expiry.year" },
  { value: "", label: "tokens.expiry.never" },
] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  return json({
    tokens: await listApiTokens(context.db, user),
    title: serverT(request, user, "account")("meta.tokens"),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const form = await request.formData();
  try {
    if (form.get("intent") === "revoke") {
      await revokeApiToken(context.db, user, String(form.get("id")));
      return json({ created: null, error: null });
    }
    const days = String(form.get("expiresInDays") ?? "");
    const created = await createApiToken(context.db, user, {
      name: form.get("name"),
      scope: form.get("scope") ?? undefined,
      expiresInDays: days ? Number(days) : undefined,
    });
    return json({ created, error: null });
  } catch (error) {
    if (error instanceof AppError) return json({ created: null, error: error.message }, { status: 400 });
    throw error;
  }
}

function StatusBadge({ token }: { token: ApiTokenView }) {
  const { t } = useTranslation("account");
  const color = token.status === "active" ? "green" : token.status === "expired" ? "orange" : "gray";
  return (
    <Badge color={color} variant="light">
      {t(`tokens.status.${token.status}`)}
    </Badge>
  );
}

export default function Account() {
  const { t, i18n } = useTranslation("account");
  const { tokens } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // As the browser shows a time in the page's language (toLocaleString), "never" when there is none.
  const when = (iso: string | null, none: string) => (iso ? new Date(iso).toLocaleString(i18n.language) : none);
  return (
    <Stack maw={960}>
      <Title order={1} size="h2">
        {t("tokens.title")}
      </Title>
      <Text size="sm">
        <Trans t={t} i18nKey="tokens.intro" components={{ code: <Code />, strong: <strong /> }} />
      </Text>
      {result?.created && (
        <Alert color="green" title={t("tokens.copyNow")}>
          <Code>{result.created.token}</Code>
        </Alert>
      )}
      {result?.error && (
        <Alert color="red" role="alert">
          {result.error}
        </Alert>
      )}
      <Form method="post">
        <Group align="flex-end">
          <TextInput label={t("tokens.name")} name="name" required placeholder={t("tokens.namePlaceholder")} />
          <NativeSelect
            label={t("tokens.scope")}
            name="scope"
            data={[
              { value: "read", label: t("tokens.scopeRead") },
              { value: "read-write", label: t("tokens.scopeReadWrite") },
            ]}
          />
          <NativeSelect
            label={t("tokens.expires")}
            name="expiresInDays"
            data={EXPIRY_CHOICES.map((c) => ({ value: c.value, label: t(c.label) }))}
            defaultValue="90"
          />
          <Button type="submit">{t("tokens.create")}</Button>
        </Group>
      </Form>
      {tokens.length === 0 ? (
        <Text c="dimmed">{t("tokens.none")}</Text>
      ) : (
        <Table aria-label={t("tokens.table")}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("tokens.column.name")}</Table.Th>
              <Table.Th>{t("tokens.column.scope")}</Table.Th>
              <Table.Th>{t("tokens.column.created")}</Table.Th>
              <Table.Th>{t("tokens.column.lastUsed")}</Table.Th>
              <Table.Th>{t("tokens.column.expires")}</Table.Th>
              <Table.Th>{t("tokens.column.status")}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tokens.map((token) => (
              <Table.Tr key={token.id}>
                <Table.Td dir="auto">{token.name}</Table.Td>
                <Table.Td>{token.scope}</Table.Td>
                <Table.Td>{when(token.createdAt, "")}</Table.Td>
                <Table.Td>{when(token.lastUsedAt, t("tokens.never"))}</Table.Td>
                <Table.Td>{when(token.expiresAt, t("tokens.never"))}</Table.Td>
                <Table.Td>
                  <StatusBadge token={token} />
                  {token.revokedAt && (
                    <Text span size="xs" c="dimmed" ml={6}>
                      {when(token.revokedAt, "")}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {token.status !== "revoked" && (
                    <Form method="post">
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="id" value={token.id} />
                      <Button
                        type="submit"
                        size="xs"
                        color="red"
                        variant="light"
                        aria-label={t("tokens.revokeName", { name: token.name })}
                      >
                        {t("tokens.revoke")}
                      </Button>
                    </Form>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
