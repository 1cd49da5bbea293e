// A consultation's home. Moderators: rounds and their lifecycle, live response rates, the panel,
// invitations (outbox) and reminders. Panellists: the round to answer. Observers: read-only progress.
import { Alert, Badge, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
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
import { useConsultationLabels, useDoneText, type Done } from "~/components/consultation/labels";
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
  // The page words what was done in the reader's language (app/components/consultation/labels.ts).
  const done = (message: Done["message"], values?: Done["values"]): Done => ({
    message,
    ...(values ? { values } : {}),
  });
  try {
    switch (intent) {
      case "open":
        await openRound(context.db, user, roundId, context.events);
        return json({ intent, ok: done("opened") });
      case "close":
        await closeRound(context.db, user, roundId, context.events);
        return json({ intent, ok: done("closed") });
      case "publish":
        await publishRound(context.db, user, roundId, context.events);
        return json({ intent, ok: done("published") });
      case "remind": {
        const { reminded } = await sendReminders(context.db, user, roundId, links);
        return json({ intent, ok: done("reminded", { count: reminded }) });
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
          ok: added!.note
            ? done("panellistAddedNote", { email: added!.email, note: added!.note })
            : done("panellistAdded", { email: added!.email }),
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
          ok: done(added.invited ? "staffInvited" : "staffAdded", { name: added.pseudonym }),
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
          ok: done(answers === "exclude" ? "withdrawnExcluded" : "withdrawnKept"),
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
          ok: done("imported", { count: added.length }),
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
  const { t } = useTranslation("consultation");
  const labels = useConsultationLabels();
  const doneText = useDoneText();
  const ruleName = consultation.rule.name ?? t("page.customRule");

  return (
    <Stack maw={1100}>
      <div>
        <Title order={1} size="h2">
          {consultation.title}
        </Title>
        <Text size="sm" c="dimmed">
          {t(consultation.ruleLocked ? "page.summaryLocked" : "page.summary", {
            model: consultation.model.name,
            version: consultation.model.version,
            scale: consultation.scalePoints,
            rule: ruleName,
            design: t(`page.design.${consultation.design}` as "page.design.rounds"),
            anonymity: labels.anonymity(consultation.anonymity),
            who: consultation.pseudonym ?? labels.role(consultation.role),
          })}
        </Text>
        {consultation.description && (
          <Text mt="xs" dir="auto">
            {consultation.description}
          </Text>
        )}
        <AnonymityGuarantee
          anonymity={consultation.anonymity}
          role={consultation.role}
          minGroupSize={consultation.minGroupSize}
        />
        {consultation.role !== "panellist" && (
          <Group gap="xs" mt="xs">
            <Button component={Link} to={`/consultations/${consultation.id}/report`} size="xs" variant="default">
              {t("page.report")}
            </Button>
            <Button component={Link} to={`/consultations/${consultation.id}/audit`} size="xs" variant="default">
              {t("page.audit")}
            </Button>
          </Group>
        )}
      </div>
      {result && "ok" in result && !PANEL_INTENTS.has(result.intent) && (
        <Alert color="green" role="status">
          {doneText(result.ok)}
        </Alert>
      )}
      {result && "error" in result && !PANEL_INTENTS.has(result.intent) && (
        <Alert color="red" role="alert">
          {result.error}
        </Alert>
      )}

      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          {t("page.rounds")}
        </Title>
        <Stack gap="xs">
          {consultation.rounds.map((r) => (
            <Stack key={r.id} gap={4}>
              <Group justify="space-between" wrap="wrap">
                <Group gap="xs">
                  <Text fw={600}>{t("page.round", { number: r.number })}</Text>
                  <Badge color={STATUS_COLOURS[r.status]} variant="light">
                    {labels.roundStatus(r.status)}
                  </Badge>
                  {r.deadline && (
                    <Text size="sm" c="dimmed">
                      <Trans t={t} i18nKey="page.deadline" components={{ deadline: <Deadline at={r.deadline} /> }} />
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
                      {consultation.role === "panellist" && r.status === "open"
                        ? t("page.answer")
                        : t("page.viewItems")}
                    </Button>
                  )}
                  {r.kind === "realtime" && r.status !== "draft" && consultation.role !== "panellist" && (
                    <Button
                      component={Link}
                      to={`/consultations/${consultation.id}/live/${r.number}`}
                      size="xs"
                      variant={r.status === "open" ? "filled" : "default"}
                    >
                      {t("page.liveView")}
                    </Button>
                  )}
                  {isModerator && r.status !== "draft" && r.status !== "open" && (
                    <Button
                      component={Link}
                      to={`/consultations/${consultation.id}/review/${r.number}`}
                      size="xs"
                      variant="default"
                    >
                      {t("page.review")}
                    </Button>
                  )}
                  {isModerator && (
                    <RoundActions
                      round={r}
                      panel={panel?.filter((p) => !p.withdrawn).length ?? 0}
                      ruleName={ruleName}
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
              {t("page.prepare", { number: last.number + 1 })}
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
