// A panellist's personal invitation link. Opening it shows a button; only the POST redeems it,
// so mail scanners that pre-fetch links cannot use up the single-use token.
import { Alert, Button, Container, Paper, Stack, Text, Title } from "@mantine/core";
import { json, redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { redeemInvitation } from "~/models/panel.server";
import { AppError } from "../../shared/errors/app-error";

export const meta: MetaFunction = () => [
  { title: "Join the consultation · delphi-mlm" },
  { name: "referrer", content: "no-referrer" },
];

export async function action({ params, context }: ActionFunctionArgs) {
  try {
    const { userId, consultationId } = await redeemInvitation(context.db, params.token!);
    const cookie = await context.auth.createSession(userId);
    return redirect(`/consultations/${consultationId}`, { headers: { "Set-Cookie": cookie } });
  } catch (error) {
    if (error instanceof AppError)
      return json({ error: error.message }, { status: error.code === "not_found" ? 404 : 409 });
    throw error;
  }
}

export default function Invite() {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <Container size={480} py="xl">
      <Paper withBorder p="lg">
        <Stack>
          <Title order={1} size="h3">
            You are invited to a Delphi consultation
          </Title>
          <Text size="sm">
            Your answers are anonymous: other panellists only ever see the group's answers and anonymous comments. This
            link signs you in once; keep it private.
          </Text>
          {result?.error && (
            <Alert color="red" role="alert">
              {result.error}
            </Alert>
          )}
          <Form method="post">
            <Button type="submit" loading={busy}>
              Join the consultation
            </Button>
          </Form>
        </Stack>
      </Paper>
    </Container>
  );
}
