// Prepare round N+1 from the decisions on round N: reformulated items pre-filled with the new wording,
// re-evaluated ones ticked, validated and dropped ones not; the moderator may change any of it.
import { Alert, Anchor, Button, Stack, Text, TextInput, Title } from "@mantine/core";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CarryItemCard } from "~/components/next-round/CarryItemCard";
import { ReminderScheduleInput } from "~/components/ReminderScheduleInput";
import { proposeNextRound } from "~/models/next-round.server";
import { createNextRound } from "~/models/round.server";
import { requireUser } from "~/session.server";
import { AppError, httpStatus } from "../../shared/errors/app-error";
import { parseReminderHours } from "../../shared/delphi/schemas";
import { revalidateAfterRefusal } from "~/revalidation";

export const shouldRevalidate = revalidateAfterRefusal;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  try {
    return json(await proposeNextRound(context.db, user, params.id!));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    // The last round is not closed yet: back to the consultation. Strangers get 404 like on every other page.
    if (error.code === "conflict") throw redirect(`/consultations/${params.id}`);
    throw new Response(error.message, { status: httpStatus(error.code) });
  }
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
    await createNextRound(context.db, user, params.id!, {
      items,
      deadline: deadline ? new Date(deadline) : undefined,
      reminderHours: parseReminderHours(String(form.get("reminders") ?? ""), "next round"),
    });
    return redirect(`/consultations/${params.id}`);
  } catch (error) {
    if (error instanceof AppError)
      return json({ error: error.message, field: error.details[0]?.path ?? null }, { status: 400 });
    throw error;
  }
}

export default function NextRound() {
  const proposal = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { t } = useTranslation("consultation");
  const { round, items } = proposal;
  const undecided = items.filter((i) => i.decision === null).length;
  return (
    <Stack maw={960}>
      <Title order={1} size="h2">
        {t("next.title", { number: round.number + 1 })}
      </Title>
      <Text size="sm" c="dimmed">
        {t("next.intro", { round: round.number })}{" "}
        <Anchor component={Link} underline="always" to={`/consultations/${proposal.consultationId}/restructure`}>
          {t("next.restructure")}
        </Anchor>
      </Text>
      {undecided > 0 && <Alert color="yellow">{t("next.undecided", { count: undecided })}</Alert>}
      {result?.error && (
        <Alert color="red" role="alert">
          {result.error}
        </Alert>
      )}
      <Form method="post">
        <Stack>
          {items.map((item) => (
            <CarryItemCard key={item.id} item={item} round={round.number} />
          ))}
          <TextInput label={t("next.deadline")} name="deadline" type="datetime-local" w={260} />
          <ReminderScheduleInput
            defaultHours={proposal.reminderHours}
            error={result?.field === "reminderHours" ? result.error : undefined}
          />
          <Button type="submit" loading={busy} w="fit-content">
            {t("next.submit", { number: round.number + 1 })}
          </Button>
        </Stack>
      </Form>
    </Stack>
  );
}
