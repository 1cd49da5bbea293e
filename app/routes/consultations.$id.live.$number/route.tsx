// A real-time round as its moderators (and observers) watch it: per item the published figures, computed status,
// revisions and convergence over time; the panel's items reaching consensus over time; and the controls of an
// open round (reminders, extend the window, close). Snapshots only: no individual answer reaches this page.
import { Alert, Button, Group, Stack, Text, TextInput, Title } from "@mantine/core";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";
import { serverT } from "~/i18n/t.server";
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

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "delphi-mlm" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  try {
    const number = urlInteger(params.number, "round number", 1)!;
    const view = await liveRoundView(context.db, user, { consultationId: params.id!, number });
    const member = await context.db.member.findFirst({
      where: { consultationId: params.id!, userId: user.id, withdrawnAt: null },
      select: { role: true },
    });
    const title = serverT(
      request,
      user,
      "live",
    )("metaTitle", {
      number: view.round.number,
      title: view.consultation.title,
    });
    return json({ view, title, moderator: member?.role === "moderator" || (!member && user.isAdmin) });
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
        return json({ ok: { notice: "reminded" as const, count: reminded }, error: null });
      }
      case "extend": {
        const raw = String(form.get("deadline") ?? "");
        const { deadline } = await extendRound(context.db, user, roundId, { deadline: raw || undefined });
        return json({ ok: { notice: "extended" as const, deadline: new Date(deadline).toISOString() }, error: null });
      }
      case "close":
        await closeRound(context.db, user, roundId, context.events);
        return json({ ok: { notice: "closed" as const }, error: null });
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
  const { t } = useTranslation("live");
  const f = useFormat();
  const notice = result?.ok;
  const open = view.round.status === "open";
  return (
    <Stack maw={1100}>
      <div>
        <Title order={1} size="h2">
          {t("heading", { title: view.consultation.title, number: view.round.number })}
        </Title>
        <Text size="sm" c="dimmed">
          {view.round.status === "open" ? t("status_open") : view.round.status}
          {view.round.openedAt && t("since", { since: f.dateTime(view.round.openedAt) })}
          {view.round.deadline && (
            <>
              {" · "}
              <Trans t={t} i18nKey="ends" components={{ deadline: <Deadline at={view.round.deadline} /> }} />
            </>
          )}
          {" · "}
          {connected ? t("connected") : t("connecting")} · {t("release", { min: view.consultation.minGroupSize })}
        </Text>
      </div>
      {notice && (
        <Alert color="green" role="status">
          {notice.notice === "reminded"
            ? t("reminded", { count: notice.count })
            : notice.notice === "extended"
              ? t("extended", { deadline: f.dateTime(notice.deadline) })
              : t("closed")}
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
              {t("remind")}
            </Button>
          </Form>
          <Form method="post">
            <Group align="end" gap="xs">
              <input type="hidden" name="intent" value="extend" />
              <input type="hidden" name="roundId" value={view.round.id} />
              <TextInput size="xs" label={t("newEnd")} name="deadline" type="datetime-local" required />
              <Button type="submit" variant="default" size="xs">
                {t("extend")}
              </Button>
            </Group>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="close" />
            <input type="hidden" name="roundId" value={view.round.id} />
            <Button type="submit" color="orange" size="xs">
              {t("close")}
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
          {t("review")}
        </Button>
      )}
      <ConsensusOverTime points={view.consensus} items={view.items.length} />
      <LiveItemTable items={view.items} />
      <ItemConvergence items={view.items} />
    </Stack>
  );
}
