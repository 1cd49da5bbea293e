// Personal API tokens for scripted access to /api/v1: scoped, optionally expiring, shown once, stored hashed,
// listed with their use and revocable.
import { Alert, Badge, Button, Code, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { createApiToken, listApiTokens, revokeApiToken, type ApiTokenView } from "~/models/api-token.server";
import { requireUser } from "~/session.server";
import { AppError } from "../../shared/errors/app-error";

export const meta: MetaFunction = () => [{ title: "API tokens · delphi-mlm" }];

const EXPIRY_CHOICES = [
  { value: "30", label: "in 30 days" },
  { value: "90", label: "in 90 days" },
  { value: "365", label: "in a year" },
  { value: "", label: "never" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  return json({ tokens: await listApiTokens(context.db, user) });
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

const when = (iso: string | null, none: string) => (iso ? new Date(iso).toLocaleString() : none);

function StatusBadge({ token }: { token: ApiTokenView }) {
  const color = token.status === "active" ? "green" : token.status === "expired" ? "orange" : "gray";
  return (
    <Badge color={color} variant="light">
      {token.status}
    </Badge>
  );
}

export default function Account() {
  const { tokens } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <Stack maw={960}>
      <Title order={1} size="h2">
        API tokens
      </Title>
      <Text size="sm">
        Use a token as <Code>Authorization: Bearer …</Code> with the JSON API (<Code>/api/v1</Code>, described at{" "}
        <Code>/api/v1/openapi.json</Code>). A <strong>read</strong> token can only read; a <strong>read-write</strong>{" "}
        token can do everything you can. Tokens cannot create, list or revoke tokens: that takes this page.
      </Text>
      {result?.created && (
        <Alert color="green" title="Copy your token now: it is shown only once">
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
          <TextInput label="Token name" name="name" required placeholder="replay script" />
          <NativeSelect
            label="Scope"
            name="scope"
            data={[
              { value: "read", label: "read (GET only)" },
              { value: "read-write", label: "read-write" },
            ]}
          />
          <NativeSelect label="Expires" name="expiresInDays" data={EXPIRY_CHOICES} defaultValue="90" />
          <Button type="submit">Create token</Button>
        </Group>
      </Form>
      {tokens.length === 0 ? (
        <Text c="dimmed">No tokens yet.</Text>
      ) : (
        <Table aria-label="Your API tokens">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Scope</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>Last used</Table.Th>
              <Table.Th>Expires</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tokens.map((t) => (
              <Table.Tr key={t.id}>
                <Table.Td>{t.name}</Table.Td>
                <Table.Td>{t.scope}</Table.Td>
                <Table.Td>{when(t.createdAt, "")}</Table.Td>
                <Table.Td>{when(t.lastUsedAt, "never")}</Table.Td>
                <Table.Td>{when(t.expiresAt, "never")}</Table.Td>
                <Table.Td>
                  <StatusBadge token={t} />
                  {t.revokedAt && (
                    <Text span size="xs" c="dimmed" ml={6}>
                      {when(t.revokedAt, "")}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {t.status !== "revoked" && (
                    <Form method="post">
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="id" value={t.id} />
                      <Button type="submit" size="xs" color="red" variant="light" aria-label={`Revoke ${t.name}`}>
                        Revoke
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
