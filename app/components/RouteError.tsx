// What a page shows when its loader refuses (403, 404, 409 …) or fails: the server's reason in words, and a way back.
import { Alert, Anchor, Stack, Title } from "@mantine/core";
import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

export function RouteError({ title, back }: { title: string; back: { to: string; label: string } }) {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? typeof error.data === "string"
      ? error.data
      : `${error.status} ${error.statusText}`
    : "Something went wrong; please try again.";
  return (
    <Stack maw={720}>
      <Title order={1} size="h2">
        {title}
      </Title>
      <Alert color="red" role="alert">
        {message}
      </Alert>
      <Anchor component={Link} to={back.to}>
        {back.label}
      </Anchor>
    </Stack>
  );
}
