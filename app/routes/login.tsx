// Email + password login, and "email me a sign-in link" for accounts that sign in by link. Neither
// answer ever says whether the email exists.
import { Alert, Button, Container, Divider, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import {
  json,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { serverT } from "~/i18n/t.server";
import { requestSignInLink } from "~/models/panel.server";
import { currentUser, safeRedirect } from "~/session.server";
import { AppError, httpStatus } from "../../shared/errors/app-error";
import { textProblem } from "../../shared/delphi/schemas";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "delphi-mlm" }];

// Document responses take their headers from here: pass Retry-After through on a 429.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retry = actionHeaders.get("Retry-After");
  return retry ? { "Retry-After": retry } : new Headers();
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (currentUser(context)) return redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return json({ title: serverT(request, null, "account")("meta.login") });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const t = serverT(request, null, "account");
  const email = String(form.get("email") ?? "");
  if (form.get("intent") === "link") {
    try {
      await requestSignInLink(context.db, context.rateLimits.signInLink, email);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const headers: Record<string, string> =
        error.code === "rate_limited" ? { "Retry-After": /(\d+) s/.exec(error.message)?.[1] ?? "60" } : {};
      return json({ error: error.message }, { status: httpStatus(error.code), headers });
    }
    // The one answer to a sign-in link request, whatever the address.
    return json({ linkSent: t("login.linkSent") });
  }
  const password = String(form.get("password") ?? "");
  if (!email.trim() || !password) return json({ error: t("login.missing") }, { status: 400 });
  // No account's address holds a NUL or a lone surrogate (and PostgreSQL could not even look one up).
  if (textProblem(email)) return json({ error: `Email ${textProblem(email)}.` }, { status: 400 });
  let cookie: string | null;
  try {
    cookie = await context.auth.login(email, password);
  } catch (error) {
    if (error instanceof AppError && error.code === "rate_limited")
      return json(
        { error: error.message },
        { status: 429, headers: { "Retry-After": /(\d+) s/.exec(error.message)?.[1] ?? "60" } },
      );
    throw error;
  }
  if (!cookie) return json({ error: t("login.wrong") }, { status: 401 });
  return redirect(safeRedirect(form.get("redirectTo")), { headers: { "Set-Cookie": cookie } });
}

export default function Login() {
  const { t } = useTranslation("account");
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  return (
    <Container size={420} py="xl">
      <Title order={1} size="h2" mb="md">
        {t("login.title")}
      </Title>
      <Paper withBorder p="lg">
        <Form method="post">
          <Stack>
            {actionData && "error" in actionData && (
              <Alert color="red" role="alert" title={t("login.failed")}>
                {actionData.error}
              </Alert>
            )}
            {actionData && "linkSent" in actionData && (
              <Alert color="green" role="status">
                {actionData.linkSent}
              </Alert>
            )}
            <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
            <TextInput label={t("login.email")} name="email" type="email" autoComplete="email" required autoFocus />
            <PasswordInput label={t("login.password")} name="password" autoComplete="current-password" required />
            <Button type="submit" loading={busy}>
              {t("login.submit")}
            </Button>
          </Stack>
        </Form>
        <Divider my="md" label={t("login.invited")} labelPosition="center" />
        <Form method="post">
          <Stack gap="xs">
            <Text size="sm">{t("login.noPassword")}</Text>
            <input type="hidden" name="intent" value="link" />
            <TextInput label={t("login.address")} name="email" type="email" autoComplete="email" required />
            <Button type="submit" variant="light" loading={busy}>
              {t("login.sendLink")}
            </Button>
          </Stack>
        </Form>
      </Paper>
    </Container>
  );
}
