// Restructuring the model between rounds: after a round closes, moderators merge, move and add items (each
// with a rationale) before preparing the next round or publishing; the outline shows the result.
import { Alert, Anchor, Stack, Text, Title } from "@mantine/core";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProposalTriage, triageFromForm } from "~/components/restructure/ProposalTriage";
import { RestructureForms, restructuringFromForm } from "~/components/restructure/RestructureForms";
import { RecordedRestructurings, StructureOutline } from "~/components/restructure/StructureOutline";
import { listProposals, triageProposal } from "~/models/proposal.server";
import { recordRestructuring, restructuringView, undoRestructuring } from "~/models/structure.server";
import { requireUser } from "~/session.server";
import { AppError, httpStatus } from "../../shared/errors/app-error";
import { revalidateAfterRefusal } from "~/revalidation";

export const shouldRevalidate = revalidateAfterRefusal;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  try {
    const [view, proposals] = await Promise.all([
      restructuringView(context.db, user, params.id!),
      listProposals(context.db, user, params.id!),
    ]);
    return json({ ...view, proposals: proposals.proposals, canTriage: proposals.canTriage });
  } catch (error) {
    if (error instanceof AppError) throw new Response(error.message, { status: httpStatus(error.code) });
    throw error;
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const form = await request.formData();
  const { intent, body } = restructuringFromForm(form);
  try {
    if (intent === "undo") await undoRestructuring(context.db, user, params.id!, Number(form.get("seq")));
    else if (intent === "triage")
      await triageProposal(context.db, user, params.id!, Number(form.get("number")), triageFromForm(form) as never);
    else if (body) await recordRestructuring(context.db, user, params.id!, body as never);
    else return json({ error: `Unknown action "${intent}"` }, { status: 400 });
    return json({ error: null });
  } catch (error) {
    if (error instanceof AppError) return json({ error: error.message }, { status: httpStatus(error.code) });
    throw error;
  }
}

export default function Restructure() {
  const view = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { t } = useTranslation("restructure");
  return (
    <Stack maw={960}>
      <Title order={1} size="h2">
        {t("title")}
      </Title>
      <Text size="sm" c="dimmed">
        {t("intro", { round: view.afterRound })}{" "}
        <Anchor component={Link} underline="always" to={`/consultations/${view.consultationId}/next-round`}>
          {t("nextRound")}
        </Anchor>
      </Text>
      {result?.error && (
        <Alert color="red" role="alert">
          {result.error}
        </Alert>
      )}
      {!view.canRestructure && <Alert color="yellow">{t("notClosed")}</Alert>}
      <ProposalTriage proposals={view.proposals} structure={view.structure} canTriage={view.canTriage} busy={busy} />
      <RecordedRestructurings restructurings={view.restructurings} canUndo={view.canRestructure} />
      {view.canRestructure && <RestructureForms structure={view.structure} busy={busy} />}
      <StructureOutline structure={view.structure} />
    </Stack>
  );
}
