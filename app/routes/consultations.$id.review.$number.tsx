// The moderator's review of a closed round: every item with its figures, mini-histogram, computed
// status and why; filter and sort; per item a drawer to accept or override the status (rationale
// required) or write the new wording beside the panel's comments; then publish the consensus.
// Observers see the same page read-only. The page's parts live in app/components/review/.
import { Alert, Drawer, Stack, Tabs, Text } from "@mantine/core";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { DomainOverview } from "~/components/charts/DomainOverview";
import { useLiveEvents } from "~/components/useLiveEvents";
import { ItemDetail } from "~/components/review/ItemDetail";
import { ReviewActions } from "~/components/review/ReviewActions";
import { ReviewHeading } from "~/components/review/ReviewHeading";
import { ReviewItems } from "~/components/review/ReviewItems";
import { RoundStabilityPanel } from "~/components/review/RoundStabilityPanel";
import { StoppingVerdict } from "~/components/review/StoppingVerdict";
import { useReviewWords, type ReviewActionResult } from "~/components/review/status";
import {
  acceptComputedStatuses,
  recordDecision,
  reviewViewByNumber,
  type DecisionChoice,
} from "~/models/decision.server";
import { publishConsensus } from "~/models/publish.server";
import { roundStabilityFigures } from "~/models/stability.server";
import { roundStoppingVerdict } from "~/models/stopping.server";
import { requireUser } from "~/session.server";
import { AppError, httpStatus } from "../../shared/errors/app-error";
import { urlInteger } from "../../shared/delphi/schemas";
import { RouteError } from "~/components/RouteError";
import { revalidateAfterRefusal } from "~/revalidation";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `Review of round ${data.review.round.number} · ${data.review.consultation.title} · delphi-mlm`
      : "Review · delphi-mlm",
  },
];

export const shouldRevalidate = revalidateAfterRefusal;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  try {
    const number = urlInteger(params.number, "round number", 1)!;
    const review = await reviewViewByNumber(context.db, user, params.id!, number);
    return json({
      review,
      stability: await roundStabilityFigures(context.db, params.id!, number),
      stopping: await roundStoppingVerdict(context.db, params.id!, number),
    });
  } catch (error) {
    if (error instanceof AppError) throw new Response(error.message, { status: httpStatus(error.code) });
    throw error;
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const itemId = form.get("itemId") ? String(form.get("itemId")) : null;
  const optional = (name: string) => (form.get(name) === null ? undefined : String(form.get(name)));
  try {
    if (intent === "decide" && itemId) {
      const levels = form.getAll("newLevel").map(String);
      const d = await recordDecision(
        context.db,
        user,
        itemId,
        {
          decision: String(form.get("decision") ?? "") as DecisionChoice,
          rationale: optional("rationale"),
          newWording: levels.length ? levels : optional("newWording"),
        },
        context.events,
      );
      return json<ReviewActionResult>({
        ok: true,
        intent,
        itemId,
        notice: { kind: "decided", key: d.key, decision: d.decision, editorial: d.editorial },
      });
    }
    if (intent === "accept-all") {
      const r = await acceptComputedStatuses(context.db, user, String(form.get("roundId")), context.events);
      return json<ReviewActionResult>({
        ok: true,
        intent,
        itemId: null,
        notice: { kind: "accepted", accepted: r.accepted, needWording: r.needWording },
      });
    }
    if (intent === "publish") {
      const published = await publishConsensus(context.db, user, params.id!, context.events);
      const from = /^\d+$/.test(String(form.get("baseVersion"))) ? `from=${form.get("baseVersion")}&` : "";
      return redirect(`/models/${published.modelSlug}/compare?${from}to=${published.versionNumber}`);
    }
    return json<ReviewActionResult>(
      { ok: false, intent, itemId, error: `Unknown action "${intent}"`, details: [] },
      { status: 400 },
    );
  } catch (error) {
    if (error instanceof AppError)
      return json<ReviewActionResult>(
        { ok: false, intent, itemId, error: error.message, details: error.details },
        { status: httpStatus(error.code) },
      );
    throw error;
  }
}

export default function ReviewRound() {
  const { review, stability, stopping } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ text: string; ok: boolean } | null>(null);
  const { t } = useTranslation("review");
  const words = useReviewWords();
  const { consultation, round } = review;
  // Decisions by another moderator (and the round's status) refresh the page.
  useLiveEvents(consultation.id);

  const selected = review.items.find((i) => i.id === selectedId) ?? null;
  const close = useCallback(() => setSelectedId(null), []);
  const decided = useCallback((message: string) => {
    setNotice({ text: message, ok: true });
    setSelectedId(null);
  }, []);
  const publishError = actionData && !actionData.ok && actionData.intent === "publish" ? actionData.error : null;

  return (
    <Stack gap="md">
      <ReviewHeading review={review} />
      {stopping && <StoppingVerdict verdict={stopping} hasRule={stopping.hasRule} />}
      {review.canDecide && <ReviewActions review={review} onNotice={setNotice} />}
      <div role="status" aria-live="polite">
        {notice && (
          <Alert
            color={notice.ok ? "teal" : "red"}
            role="none"
            withCloseButton
            closeButtonLabel={t("page.dismiss")}
            onClose={() => setNotice(null)}
          >
            {notice.text}
          </Alert>
        )}
      </div>
      {publishError && (
        <Alert color="red" role="alert" title={t("page.notPublished")}>
          {publishError}
        </Alert>
      )}

      <Tabs defaultValue="items" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="items">{t("page.tabItems")}</Tabs.Tab>
          <Tabs.Tab value="overview">{t("page.tabOverview")}</Tabs.Tab>
          <Tabs.Tab value="stability">{t("page.tabStability")}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="items" pt="sm">
          <ReviewItems review={review} onOpen={setSelectedId} />
        </Tabs.Panel>
        <Tabs.Panel value="overview" pt="sm">
          <Text size="sm" mb="xs">
            {t("page.overviewIntro")}
          </Text>
          <DomainOverview rows={review.overview} threshold={consultation.rule.agreementThreshold} />
        </Tabs.Panel>
        <Tabs.Panel value="stability" pt="sm">
          <RoundStabilityPanel round={round.number} agreement={stability.agreement} items={stability.items} />
        </Tabs.Panel>
      </Tabs>

      <Drawer
        opened={selected !== null}
        onClose={close}
        position="right"
        size="min(1100px, 100%)"
        title={selected ? t("page.drawerTitle", { key: selected.key, kind: words.kind(selected.kind) }) : ""}
        closeButtonProps={{ "aria-label": t("page.closeDetails") }}
      >
        {selected && (
          <ItemDetail
            item={selected}
            review={review}
            stability={stability.items.find((s) => s.key === selected.key) ?? null}
            onDecided={decided}
            key={selected.id}
          />
        )}
      </Drawer>
    </Stack>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("review");
  return (
    <RouteError title={t("page.unavailable")} back={{ to: "/consultations", label: t("page.backToConsultations") }} />
  );
}
