// Personal API tokens for scripted access to /api/v1 (shown once, stored hashed, revocable).
import { Alert, Button, Code, Group, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { createApiToken, listApiTokens, revokeApiToken } from "~/models/api-token.server";
import { requireUser } from "~/session.server";
import { AppError } from "../../shared/errors/app-error";

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
    return json({ created: await createApiToken(context.db, user, { name: form.get("name") }), error: null });
  } catch (error) {
    if (error instanceof AppError) return json({ created: null, error: error.message }, { status: 400 });
    throw error;
  }
}

export default function Account() {
  const { tokens } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <Stack maw={760}>
      <Title order={1} size="h2">
        API tokens
      </Title>
      <Text size="sm">
        Use a token as <Code>Authorization: Bearer …</Code> with the JSON API (<Code>/api/v1</Code>, described at{" "}
        <Code>/api/v1/openapi.json</Code>).
      </Text>
      {result?.created && (
        <Alert color="green" title="Copy your token now: it is shown only once">
          <Code>{result.created.token}</Code>
        </Alert>
      )}
      {result?.error && <Alert color="red">{result.error}</Alert>}
      <Form method="post">
        <Group align="flex-end">
          <TextInput label="Token name" name="name" required placeholder="replay script" />
          <Button type="submit">Create token</Button>
        </Group>
      </Form>
      <Table>
        <Table.Tbody>
          {tokens.map((t) => (
            <Table.Tr key={t.id}>
              <Table.Td>{t.name}</Table.Td>
              <Table.Td>created {new Date(t.createdAt).toLocaleDateString()}</Table.Td>
              <Table.Td>{t.lastUsedAt ? `used ${new Date(t.lastUsedAt).toLocaleString()}` : "never used"}</Table.Td>
              <Table.Td>
                <Form method="post">
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="id" value={t.id} />
                  <Button type="submit" size="xs" color="red" variant="light">
                    Revoke
                  </Button>
                </Form>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
