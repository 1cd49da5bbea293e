// A personal invitation or sign-in link. Opening it shows a button; only the POST redeems it, so mail
// scanners that pre-fetch links cannot use up the single-use token. A link signs in only an account that
// has nothing but links; an existing account is sent to the login page and comes back here to join.
import { Alert, Button, Container, Paper, Stack, Text, Title } from "@mantine/core";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { serverT } from "~/i18n/t.server";
import { invitedStudy, redeemInvitation } from "~/models/panel.server";
import { currentUser } from "~/session.server";
import { AppError, httpStatus } from "../../shared/errors/app-error";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? "delphi-mlm" },
  // The link's token must not leave in a Referer header; "same-origin" keeps it to our own server. Not
  // "no-referrer": Chrome then sends "Origin: null" with the Join form, which the CSRF check refuses
  // whenever someone presses Join before the page has hydrated.
  { name: "referrer", content: "same-origin" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return json({
    title: serverT(request, currentUser(context), "account")("meta.invite"),
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
  const { t } = useTranslation("account");
  const { signedInAs, study } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <Container size={480} py="xl">
      <Paper withBorder p="lg">
        <Stack>
          <Title order={1} size="h3">
            {study ? t("invite.titleStudy", { title: study.title }) : t("invite.title")}
          </Title>
          {study?.introduction && (
            <Text style={{ whiteSpace: "pre-wrap" }} data-testid="study-introduction" dir="auto">
              {study.introduction}
            </Text>
          )}
          <Text size="sm">{t("invite.anonymous")}</Text>
          {signedInAs && (
            <Text size="sm" c="dimmed">
              {t("invite.signedInAs", { email: signedInAs })}
            </Text>
          )}
          {result?.error && (
            <Alert color="red" role="alert">
              {result.error}
            </Alert>
          )}
          <Form method="post">
            <Button type="submit" loading={busy}>
              {t("invite.join")}
            </Button>
          </Form>
        </Stack>
      </Paper>
    </Container>
  );
}
