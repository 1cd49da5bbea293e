// Email + password login. A failure never says whether the email exists.
import { Alert, Button, Container, Paper, PasswordInput, Stack, TextInput, Title } from "@mantine/core";
import {
  json,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { currentUser, safeRedirect } from "~/session.server";
import { AppError } from "../../shared/errors/app-error";

export const meta: MetaFunction = () => [{ title: "Log in · delphi-mlm" }];

// Document responses take their headers from here: pass Retry-After through on a 429.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retry = actionHeaders.get("Retry-After");
  return retry ? { "Retry-After": retry } : new Headers();
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (currentUser(context)) return redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const email = String(form.get("email") ?? "");
  const password = String(form.get("password") ?? "");
  if (!email.trim() || !password) return json({ error: "Enter your email and password." }, { status: 400 });
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
  if (!cookie) return json({ error: "Wrong email or password." }, { status: 401 });
  return redirect(safeRedirect(form.get("redirectTo")), { headers: { "Set-Cookie": cookie } });
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  return (
    <Container size={420} py="xl">
      <Title order={1} size="h2" mb="md">
        Log in
      </Title>
      <Paper withBorder p="lg">
        <Form method="post">
          <Stack>
            {actionData?.error && (
              <Alert color="red" role="alert" title="Could not log in">
                {actionData.error}
              </Alert>
            )}
            <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
            <TextInput label="Email" name="email" type="email" autoComplete="email" required autoFocus />
            <PasswordInput label="Password" name="password" autoComplete="current-password" required />
            <Button type="submit" loading={busy}>
              Log in
            </Button>
          </Stack>
        </Form>
      </Paper>
    </Container>
  );
}
