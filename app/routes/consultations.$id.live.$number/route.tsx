// A real-time round as its moderators (and observers) watch it: per item the published figures, computed status,
// revisions and convergence over time; the panel's items reaching consensus over time; and the controls of an
// open round (reminders, extend the window, close). Snapshots only: no individual answer reaches this page.
import { Alert, Button, Group, Stack, Text, TextInput, Title } from "@mantine/core";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Deadline } from "~/components/Deadline";
import { useLiveEvents } from "~/components/useLiveEvents";
import { liveRoundView } from "~/models/live.server";
import { sendReminders } from "~/models/panel.server";
import { closeRound, extendRound } from "~/models/round.server";
import { requireUser } from "~/session.server";
import { urlInteger } from "../../../shared/delphi/schemas";
import { AppError, httpStatus } from "../../../shared/errors/app-error";
import { ConsensusOverTime, ItemConvergence } from "./ConvergenceCharts";
import { LiveItemTable } from "./LiveItemTable";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Live · round ${data.view.round.number} · ${data.view.consultation.title}` : "Live view" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  try {
    const number = urlInteger(params.number, "round number", 1)!;
    const view = await liveRoundView(context.db, user, { consultationId: params.id!, number });
    const member = await context.db.member.findFirst({
      where: { consultationId: params.id!, userId: user.id, withdrawnAt: null },
      select: { role: true },
    });
    return json({ view, moderator: member?.role === "moderator" || (!member && user.isAdmin) });
  } catch (error) {
    if (error instanceof AppError) throw new Response(error.message, { status: httpStatus(error.code) });
    throw error;
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const form = await request.formData();
  const intent = String(form.get("intent"));
  const roundId = String(form.get("roundId") ?? "");
  try {
    switch (intent) {
      case "remind": {
        const { reminded } = await sendReminders(context.db, user, roundId, { publicUrl: context.config.publicUrl });
        return json({ ok: `Reminder queued for ${reminded} panellist${reminded === 1 ? "" : "s"}.`, error: null });
      }
      case "extend": {
        const raw = String(form.get("deadline") ?? "");
        const { deadline } = await extendRound(context.db, user, roundId, { deadline: raw || undefined });
        return json({ ok: `The window now ends ${new Date(deadline).toUTCString()}.`, error: null });
      }
      case "close":
        await closeRound(context.db, user, roundId, context.events);
        return json({ ok: "Window closed: the answers are frozen as this round's results.", error: null });
      default:
        throw new AppError("validation", `Unknown action ${intent}`);
    }
  } catch (error) {
    if (error instanceof AppError) return json({ ok: null, error: error.message }, { status: 400 });
    throw error;
  }
}

export default function LiveRound() {
  const { view, moderator } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const connected = useLiveEvents(view.consultation.id);
  const open = view.round.status === "open";
  return (
    <Stack maw={1100}>
      <div>
        <Title order={1} size="h2">
          {view.consultation.title} — real-time round {view.round.number}
        </Title>
        <Text size="sm" c="dimmed">
          {view.round.status === "open" ? "Open" : view.round.status}
          {view.round.openedAt && ` since ${new Date(view.round.openedAt).toLocaleString()}`}
          {view.round.deadline && (
            <>
              {" "}
              · ends <Deadline at={view.round.deadline} />
            </>
          )}{" "}
          · {connected ? "live" : "connecting…"} · figures are published in batches, only once at least{" "}
          {view.consultation.minGroupSize} panellists answered an item and as many changed their answer since.
        </Text>
      </div>
      {result?.ok && (
        <Alert color="green" role="status">
          {result.ok}
        </Alert>
      )}
      {result?.error && (
        <Alert color="red" role="alert">
          {result.error}
        </Alert>
      )}
      {moderator && open && (
        <Group align="end">
          <Form method="post">
            <input type="hidden" name="intent" value="remind" />
            <input type="hidden" name="roundId" value={view.round.id} />
            <Button type="submit" variant="default" size="xs">
              Remind those not finished
            </Button>
          </Form>
          <Form method="post">
            <Group align="end" gap="xs">
              <input type="hidden" name="intent" value="extend" />
              <input type="hidden" name="roundId" value={view.round.id} />
              <TextInput size="xs" label="New end" name="deadline" type="datetime-local" required />
              <Button type="submit" variant="default" size="xs">
                Extend the window
              </Button>
            </Group>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="close" />
            <input type="hidden" name="roundId" value={view.round.id} />
            <Button type="submit" color="orange" size="xs">
              Close the window
            </Button>
          </Form>
        </Group>
      )}
      {!open && moderator && (
        <Button
          component={Link}
          to={`/consultations/${view.consultation.id}/review/${view.round.number}`}
          w="fit-content"
          size="xs"
        >
          Review results
        </Button>
      )}
      <ConsensusOverTime points={view.consensus} items={view.items.length} />
      <LiveItemTable items={view.items} />
      <ItemConvergence items={view.items} />
    </Stack>
  );
}
