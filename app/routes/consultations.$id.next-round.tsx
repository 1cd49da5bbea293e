// Prepare round N+1: choose the items to carry over from the last closed round (reformulated
// or re-evaluated), with their new wording, seeing the computed status and the panel's suggestions.
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  List,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from "@mantine/core";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/models/access.server";
import { roundResults } from "~/models/results.server";
import { COUNTED_MEMBER } from "~/models/panel.server";
import { createNextRound } from "~/models/round.server";
import { requireUser } from "~/session.server";
import { AppError, httpStatus } from "../../shared/errors/app-error";

const STATUS_COLOURS: Record<string, string> = {
  validated: "green",
  reformulate: "orange",
  reevaluate: "yellow",
  dropped: "red",
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  await requireRole(context.db, params.id!, user, ["moderator"]).catch((error: unknown) => {
    // Strangers get 404 like on every other consultation page: no hint that the consultation exists.
    if (error instanceof AppError) throw new Response(error.message, { status: httpStatus(error.code) });
    throw error;
  });
  const last = await context.db.round.findFirst({ where: { consultationId: params.id! }, orderBy: { number: "desc" } });
  if (!last || (last.status !== "closed" && last.status !== "published")) throw redirect(`/consultations/${params.id}`);
  const results = await roundResults(context.db, user, last.id);
  const suggestions = await context.db.rating.findMany({
    where: { item: { roundId: last.id }, suggestion: { not: "" }, member: COUNTED_MEMBER },
    select: { roundItemId: true, suggestion: true },
  });
  return json({ consultationId: params.id!, results, suggestions });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const form = await request.formData();
  const keys = form.getAll("carry").map(String);
  try {
    const items = keys.map((key) => {
      const levels = [0, 1, 2, 3, 4].map((i) => String(form.get(`wording:${key}:${i}`) ?? ""));
      const single = form.get(`wording:${key}`);
      return { key, wording: single !== null ? String(single) : levels };
    });
    const deadline = String(form.get("deadline") ?? "");
    await createNextRound(context.db, user, params.id!, { items, deadline: deadline ? new Date(deadline) : undefined });
    return redirect(`/consultations/${params.id}`);
  } catch (error) {
    if (error instanceof AppError) return json({ error: error.message }, { status: 400 });
    throw error;
  }
}

export default function NextRound() {
  const { results, suggestions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <Stack maw={960}>
      <Title order={1} size="h2">
        Prepare round {results.round.number + 1}
      </Title>
      <Text size="sm" c="dimmed">
        Tick the items the panel rates again; edit the wording of those to reformulate. Items not ticked keep their
        round {results.round.number} result.
      </Text>
      {result?.error && (
        <Alert color="red" role="alert">
          {result.error}
        </Alert>
      )}
      <Form method="post">
        <Stack>
          {results.items.map((item) => {
            const ideas = suggestions.filter((s) => s.roundItemId === item.id).map((s) => s.suggestion);
            return (
              <Card withBorder key={item.id} data-testid={`carry-${item.key}`}>
                <Group justify="space-between" wrap="wrap">
                  <Checkbox
                    name="carry"
                    value={item.key}
                    label={`${item.key} ${item.kind === "levels" ? "(levels)" : ""}`}
                    defaultChecked={item.status !== "validated"}
                  />
                  <Group gap="xs">
                    {item.status && (
                      <Badge color={STATUS_COLOURS[item.status]} variant="light">
                        {item.status}
                      </Badge>
                    )}
                    <Text size="xs" c="dimmed">
                      {item.reason}
                    </Text>
                  </Group>
                </Group>
                {Array.isArray(item.wording) ? (
                  <Stack gap={4} mt="xs">
                    {item.wording.map((l, i) => (
                      <TextInput
                        key={i}
                        size="xs"
                        label={`Level ${i + 1}`}
                        name={`wording:${item.key}:${i}`}
                        defaultValue={l}
                      />
                    ))}
                  </Stack>
                ) : (
                  <Textarea
                    mt="xs"
                    size="sm"
                    label="Wording for the next round"
                    name={`wording:${item.key}`}
                    defaultValue={item.wording}
                    autosize
                    minRows={1}
                  />
                )}
                {ideas.length > 0 && (
                  <List size="xs" mt="xs">
                    {ideas.map((s, i) => (
                      <List.Item key={i}>Panel suggestion: {s}</List.Item>
                    ))}
                  </List>
                )}
              </Card>
            );
          })}
          <TextInput label="Deadline (optional)" name="deadline" type="datetime-local" w={260} />
          <Button type="submit" loading={busy} w="fit-content">
            Create round {results.round.number + 1} as a draft
          </Button>
        </Stack>
      </Form>
    </Stack>
  );
}
