// A personal invitation or sign-in link. Opening it shows a button; only the POST redeems it, so mail
// scanners that pre-fetch links cannot use up the single-use token. A link signs in only an account that
// has nothing but links; an existing account is sent to the login page and comes back here to join.
import { Alert, Button, Container, Paper, Stack, Text, Title } from "@mantine/core";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { invitedStudy, redeemInvitation } from "~/models/panel.server";
import { currentUser } from "~/session.server";
import { AppError, httpStatus } from "../../shared/errors/app-error";

export const meta: MetaFunction = () => [
  { title: "Join the consultation · delphi-mlm" },
  { name: "referrer", content: "no-referrer" },
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  return json({
    signedInAs: currentUser(context)?.email ?? null,
    study: await invitedStudy(context.db, params.token!),
  });
}

export async function action({ params, context }: ActionFunctionArgs) {
  const signedIn = currentUser(context);
  try {
    const redeemed = await redeemInvitation(context.db, params.token!, { signedIn });
    if (redeemed.outcome === "log-in-first")
      return redirect(`/login?redirectTo=${encodeURIComponent(`/invite/${params.token}`)}`);
    const to = `/consultations/${redeemed.consultationId}`;
    if (redeemed.outcome === "joined") return redirect(to);
    return redirect(to, { headers: { "Set-Cookie": await context.auth.createSession(redeemed.userId) } });
  } catch (error) {
    if (error instanceof AppError) return json({ error: error.message }, { status: httpStatus(error.code) });
    throw error;
  }
}

export default function Invite() {
  const { signedInAs, study } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <Container size={480} py="xl">
      <Paper withBorder p="lg">
        <Stack>
          <Title order={1} size="h3">
            {study ? `You are invited to “${study.title}”` : "You are invited to a Delphi consultation"}
          </Title>
          {study?.introduction && (
            <Text style={{ whiteSpace: "pre-wrap" }} data-testid="study-introduction">
              {study.introduction}
            </Text>
          )}
          <Text size="sm">
            Your answers are anonymous: other panellists only ever see the group&apos;s answers and anonymous comments.
            This link signs you in once; keep it private. If you already have an account here, you will be asked to log
            in first.
          </Text>
          {signedInAs && (
            <Text size="sm" c="dimmed">
              Signed in as {signedInAs}: the link joins this account only if it was sent to this address.
            </Text>
          )}
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
