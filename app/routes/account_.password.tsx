// Setting a password: invite-only panellists sign in by link until they set one here; others change theirs.
import { Alert, Button, Container, Paper, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { hasPassword, setPassword } from "~/models/user.server";
import { serverT } from "~/i18n/t.server";
import { requireUser } from "~/session.server";
import { AppError, httpStatus } from "../../shared/errors/app-error";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "delphi-mlm" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  return json({
    email: user.email,
    hasPassword: await hasPassword(context.db, user),
    title: serverT(request, user, "account")("meta.password"),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const form = await request.formData();
  const t = serverT(request, user, "account");
  const password = String(form.get("password") ?? "");
  if (password !== String(form.get("confirm") ?? "")) return json({ error: t("password.differ") }, { status: 400 });
  try {
    await setPassword(context.db, user, { currentPassword: String(form.get("currentPassword") ?? ""), password });
    return json({ ok: t("password.saved") });
  } catch (error) {
    if (error instanceof AppError) return json({ error: error.message }, { status: httpStatus(error.code) });
    throw error;
  }
}

export default function AccountPassword() {
  const { t } = useTranslation("account");
  const { email, hasPassword } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <Container size={420} py="xl">
      <Title order={1} size="h2" mb="md">
        {hasPassword ? t("password.change") : t("password.set")}
      </Title>
      <Paper withBorder p="lg">
        <Form method="post">
          <Stack>
            <Text size="sm">{hasPassword ? t("password.account", { email }) : t("password.byLink", { email })}</Text>
            {result && "ok" in result && (
              <Alert color="green" role="status">
                {result.ok}
              </Alert>
            )}
            {result && "error" in result && (
              <Alert color="red" role="alert">
                {result.error}
              </Alert>
            )}
            {hasPassword && (
              <PasswordInput
                label={t("password.current")}
                name="currentPassword"
                autoComplete="current-password"
                required
              />
            )}
            <PasswordInput
              label={t("password.new")}
              name="password"
              autoComplete="new-password"
              minLength={10}
              required
            />
            <PasswordInput label={t("password.repeat")} name="confirm" autoComplete="new-password" required />
            <Button type="submit" loading={busy}>
              {t("password.save")}
            </Button>
          </Stack>
        </Form>
      </Paper>
    </Container>
  );
}
