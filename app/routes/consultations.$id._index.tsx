// A consultation's home. Moderators: rounds and their lifecycle, live response rates, the panel,
// invitations (outbox) and reminders. Panellists: the round to answer. Observers: read-only progress.
import { Alert, Badge, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { Deadline } from "~/components/Deadline";
import { RoundReminders } from "~/components/RoundReminders";
import { AnonymityGuarantee } from "~/components/AnonymityGuarantee";
import { useLiveEvents } from "~/components/useLiveEvents";
import { getConsultation } from "~/models/consultation.server";
import { PANEL_INTENTS, PanelSection } from "~/components/PanelSection";
import {
  addPanellists,
  addStaffMember,
  importPanelCsv,
  listOutbox,
  listPanel,
  sendReminders,
  withdrawPanellist,
} from "~/models/panel.server";
import { closeRound, openRound, publishRound } from "~/models/round.server";
import { roundProgress } from "~/models/progress.server";
import { ResponseProgress } from "~/components/consultation/ResponseProgress";
import { RoundActions } from "~/components/consultation/RoundActions";
import { requireUser } from "~/session.server";
import { AppError } from "../../shared/errors/app-error";
import { STATUS_COLOURS } from "./consultations._index";
import { revalidateAfterRefusal } from "~/revalidation";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.consultation.title ?? "Consultation"} · delphi-mlm` },
];

function notFoundAs404(error: unknown): never {
  if (error instanceof AppError && error.code === "not_found") throw new Response(error.message, { status: 404 });
  throw error;
}

export const shouldRevalidate = revalidateAfterRefusal;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const consultation = await getConsultation(context.db, params.id!, user).catch(notFoundAs404);
  const current =
    consultation.rounds.findLast((r) => r.status !== "draft") ?? consultation.rounds[consultation.rounds.length - 1]!;
  const isModerator = consultation.role === "moderator";
  const canWatch = isModerator || consultation.role === "observer";
  const panel = isModerator ? await listPanel(context.db, user, consultation.id) : null;
  return json({
    consultation,
    current,
    progress: canWatch && current.status !== "draft" ? await roundProgress(context.db, user, current.id) : null,
    panel,
    outbox: isModerator ? (await listOutbox(context.db, user, consultation.id)).slice(0, 50) : null,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const form = await request.formData();
  const intent = String(form.get("intent"));
  const roundId = String(form.get("roundId") ?? "");
  const links = { publicUrl: context.config.publicUrl };
  try {
    switch (intent) {
      case "open":
        await openRound(context.db, user, roundId, context.events);
        return json({ intent, ok: "Round opened." });
      case "close":
        await closeRound(context.db, user, roundId, context.events);
        return json({ intent, ok: "Round closed; results computed." });
      case "publish":
        await publishRound(context.db, user, roundId, context.events);
        return json({ intent, ok: "Round results published." });
      case "remind": {
        const { reminded } = await sendReminders(context.db, user, roundId, links);
        return json({ intent, ok: `Reminder queued for ${reminded} panellist${reminded === 1 ? "" : "s"}.` });
      }
      case "add-panellist": {
        const [added] = await addPanellists(
          context.db,
          user,
          params.id!,
          [
            {
              name: String(form.get("name") ?? ""),
              email: String(form.get("email") ?? ""),
              stakeholderType: String(form.get("stakeholderType") ?? "") as never,
              country: String(form.get("country") ?? ""),
              gender: String(form.get("gender") ?? ""),
              expertise: String(form.get("expertise") ?? ""),
            },
          ],
          links,
        );
        return json({
          intent,
          ok: `Added ${added!.email}; the invitation is queued in the outbox below.${added!.note ? ` ${added!.note}.` : ""}`,
        });
      }
      case "add-staff": {
        const added = await addStaffMember(
          context.db,
          user,
          params.id!,
          {
            email: String(form.get("email") ?? ""),
            name: String(form.get("name") ?? ""),
            role: String(form.get("role") ?? "") as "observer",
          },
          links,
        );
        return json({
          intent,
          ok: `Added ${added.pseudonym}${added.invited ? "; a sign-in link is queued in the outbox below" : ""}.`,
        });
      }
      case "withdraw": {
        const answers = form.get("answers");
        await withdrawPanellist(
          context.db,
          user,
          params.id!,
          String(form.get("memberId") ?? ""),
          answers === null ? {} : { answers: String(answers) },
          context.events,
        );
        return json({
          intent,
          ok: `Panellist withdrawn; their earlier answers are ${answers === "exclude" ? "excluded" : "kept"}.`,
        });
      }
      case "csv": {
        const file = form.get("csv");
        if (!(file instanceof File) || file.size === 0) throw new AppError("validation", "Choose a CSV file first");
        if (file.size > 1024 * 1024) throw new AppError("too_large", "The CSV file is larger than 1 MB");
        const added = await importPanelCsv(context.db, user, params.id!, await file.text(), links);
        const notes = added.flatMap((a) => (a.note ? [`${a.note}.`] : []));
        return json({
          intent,
          ok: `Imported ${added.length} panellists; their invitations are queued in the outbox below.`,
          notes,
        });
      }
      default:
        throw new AppError("validation", `Unknown action ${intent}`);
    }
  } catch (error) {
    if (error instanceof AppError)
      return json({ intent, error: error.message, issues: error.details }, { status: 400 });
    throw error;
  }
}

export default function ConsultationPage() {
  const { consultation, current, progress, panel, outbox } = useLoaderData<typeof loader>();
  const actionResult = useActionData<typeof action>();
  // A live update revalidates the page, which drops the action's answer: keep the last one (of this study) shown.
  const [kept, setKept] = useState({ id: consultation.id, result: actionResult });
  useEffect(() => {
    if (actionResult) setKept({ id: consultation.id, result: actionResult });
  }, [actionResult, consultation.id]);
  const result = kept.id === consultation.id ? kept.result : undefined;
  const live = useLiveEvents(consultation.id);
  const isModerator = consultation.role === "moderator";
  const last = consultation.rounds[consultation.rounds.length - 1]!;

  return (
    <Stack maw={1100}>
      <div>
        <Title order={1} size="h2">
          {consultation.title}
        </Title>
        <Text size="sm" c="dimmed">
          Validates {consultation.model.name} v{consultation.model.version} · {consultation.scalePoints}-point scale ·{" "}
          {consultation.rule.name ?? "custom rule"}
          {consultation.ruleLocked ? " (locked)" : ""} ·{" "}
          {consultation.design === "rounds"
            ? "classic rounds"
            : consultation.design === "realtime"
              ? "Real-Time Delphi"
              : "Real-Time Delphi, then a confirmation round"}{" "}
          · {consultation.anonymity} · you are {consultation.pseudonym ?? consultation.role}
        </Text>
        {consultation.description && <Text mt="xs">{consultation.description}</Text>}
        <AnonymityGuarantee
          anonymity={consultation.anonymity}
          role={consultation.role}
          minGroupSize={consultation.minGroupSize}
        />
        {consultation.role !== "panellist" && (
          <Group gap="xs" mt="xs">
            <Button component={Link} to={`/consultations/${consultation.id}/report`} size="xs" variant="default">
              Study report
            </Button>
            <Button component={Link} to={`/consultations/${consultation.id}/audit`} size="xs" variant="default">
              Audit trail
            </Button>
          </Group>
        )}
      </div>
      {result && "ok" in result && !PANEL_INTENTS.has(result.intent) && (
        <Alert color="green" role="status">
          {result.ok}
        </Alert>
      )}
      {result && "error" in result && !PANEL_INTENTS.has(result.intent) && (
        <Alert color="red" role="alert">
          {result.error}
        </Alert>
      )}

      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          Rounds
        </Title>
        <Stack gap="xs">
          {consultation.rounds.map((r) => (
            <Stack key={r.id} gap={4}>
              <Group justify="space-between" wrap="wrap">
                <Group gap="xs">
                  <Text fw={600}>Round {r.number}</Text>
                  <Badge color={STATUS_COLOURS[r.status]} variant="light">
                    {r.status}
                  </Badge>
                  {r.deadline && (
                    <Text size="sm" c="dimmed">
                      deadline <Deadline at={r.deadline} />
                    </Text>
                  )}
                </Group>
                <Group gap="xs">
                  {r.status !== "draft" && (
                    <Button
                      component={Link}
                      to={`/consultations/${consultation.id}/rounds/${r.number}`}
                      size="xs"
                      variant={consultation.role === "panellist" && r.status === "open" ? "filled" : "default"}
                    >
                      {consultation.role === "panellist" && r.status === "open" ? "Answer this round" : "View items"}
                    </Button>
                  )}
                  {r.kind === "realtime" && r.status !== "draft" && consultation.role !== "panellist" && (
                    <Button
                      component={Link}
                      to={`/consultations/${consultation.id}/live/${r.number}`}
                      size="xs"
                      variant={r.status === "open" ? "filled" : "default"}
                    >
                      Live view
                    </Button>
                  )}
                  {isModerator && r.status !== "draft" && r.status !== "open" && (
                    <Button
                      component={Link}
                      to={`/consultations/${consultation.id}/review/${r.number}`}
                      size="xs"
                      variant="default"
                    >
                      Review results
                    </Button>
                  )}
                  {isModerator && (
                    <RoundActions
                      round={r}
                      panel={panel?.filter((p) => !p.withdrawn).length ?? 0}
                      ruleName={consultation.rule.name ?? "custom rule"}
                      ruleLocked={consultation.ruleLocked}
                      finished={
                        progress && progress.roundId === r.id
                          ? { complete: progress.finished, partial: progress.partial }
                          : undefined
                      }
                    />
                  )}
                </Group>
              </Group>
              {isModerator && <RoundReminders consultationId={consultation.id} round={r.number} />}
            </Stack>
          ))}
          {isModerator && r_isClosed(last.status) && hasNextRound(consultation.design, last.kind) && (
            <Button component={Link} to={`/consultations/${consultation.id}/next-round`} w="fit-content" size="xs">
              Prepare round {last.number + 1}
            </Button>
          )}
        </Stack>
      </Card>

      {progress && <ResponseProgress round={current.number} progress={progress} live={live} />}

      {panel && (
        <PanelSection
          panel={panel}
          outbox={outbox ?? []}
          result={result && PANEL_INTENTS.has(result.intent) ? result : undefined}
        />
      )}
    </Stack>
  );
}

const r_isClosed = (status: string) => status === "closed" || status === "published";
// A real-time study is its one window; with confirmation, one classic round follows it.
const hasNextRound = (design: string, lastKind: string) =>
  design === "rounds" || (design === "realtime+confirmation" && lastKind === "realtime");
