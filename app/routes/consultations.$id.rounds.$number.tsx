// The voting page: items grouped by domain and subdomain, one-click rating with autosave,
// progress, resume anywhere, "submit round", and the previous round's feedback per item.
import { Alert, Button, Card, Group, Progress, Stack, Text, Title } from "@mantine/core";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Deadline } from "~/components/Deadline";
import { ItemCard, type Item } from "~/components/voting/ItemCard";
import { OwnProposals } from "~/components/voting/OwnProposals";
import { PartNavigation } from "~/components/voting/PartNavigation";
import { ProposeControl } from "~/components/voting/ProposeControl";
import { proposalFromForm } from "~/components/voting/proposal-form";
import { RestructuredNotice } from "~/components/voting/RestructuredNotice";
import { RoundContents } from "~/components/voting/RoundContents";
import { SubmitRound } from "~/components/voting/SubmitRound";
import { useLiveEvents } from "~/components/useLiveEvents";
import { useFormat } from "~/i18n/format";
import { serverT } from "~/i18n/t.server";
import { createProposal, withdrawProposal } from "~/models/proposal.server";
import { votingView, type VotingView } from "~/models/voting.server";
import { requireUser } from "~/session.server";
import { interfaceLanguage } from "~/i18n/interface-language.server";
import { urlInteger } from "../../shared/delphi/schemas";
import { AppError, httpStatus } from "../../shared/errors/app-error";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "delphi-mlm" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  try {
    const number = urlInteger(params.number, "round number", 1)!;
    // Long rounds are answered a part at a time (?part=2); without one, where the panellist left off.
    const part = urlInteger(new URL(request.url).searchParams.get("part"), "part", 1);
    const round = { consultationId: params.id!, number };
    const language = interfaceLanguage(request, user);
    const view = await votingView(context.db, user, round, { part: part ? part - 1 : "resume", language });
    const title = serverT(request, user, "voting")("meta.title", { number, title: view.consultation.title });
    return json({ view, title });
  } catch (error) {
    if (error instanceof AppError) throw new Response(error.message, { status: httpStatus(error.code) });
    throw error;
  }
}

/** A panellist's proposal under a section, or withdrawing one of their own (ratings autosave through the API). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const form = await request.formData();
  const intent = form.get("intent");
  try {
    if (intent === "propose") {
      const p = await createProposal(context.db, user, params.id!, proposalFromForm(form) as never);
      return json({ error: null, proposed: p.label });
    }
    if (intent === "withdraw") {
      await withdrawProposal(context.db, user, params.id!, Number(form.get("number")));
      return json({ error: null });
    }
    return json({ error: `Unknown action "${String(intent)}"` }, { status: 400 });
  } catch (error) {
    if (error instanceof AppError) return json({ error: error.message }, { status: httpStatus(error.code) });
    throw error;
  }
}

export default function VotingPage() {
  const { view } = useLoaderData<typeof loader>();
  useLiveEvents(view.consultation.id);
  // A part is a page of its own: its answered items start from what the server knows.
  return <RoundPart key={`${view.round.id}:${view.outline.part}`} view={view} />;
}

function RoundPart({ view }: { view: VotingView }) {
  const { t } = useTranslation("voting");
  const f = useFormat();
  const [answered, setAnswered] = useState(() => new Set(view.items.filter((i) => i.rating).map((i) => i.id)));
  // Answers outside this part, as the server counted them, plus what is answered here now.
  const answeredElsewhere = view.outline.answered - view.items.filter((i) => i.rating).length;
  const answeredCount = answeredElsewhere + answered.size;
  const total = view.outline.total;
  const part = view.outline.part ?? 0;
  const nextPart = part + 1 < view.outline.parts.length ? part + 1 : null;
  const open = view.round.status === "open";
  const onAnswered = (id: string) => setAnswered((prev) => new Set(prev).add(id));

  const groups: { key: string; title: string; items: Item[] }[] = [];
  for (const item of view.items) {
    const groupKey = item.kind === "domain" ? item.domainKey : item.subdomainKey;
    let group = groups.find((g) => g.key === groupKey);
    if (!group) groups.push((group = { key: groupKey, title: view.titles[groupKey] ?? "", items: [] }));
    group.items.push(item);
  }

  return (
    <Stack maw={900}>
      <div>
        <Title order={1} size="h2">
          {t("page.heading", { title: view.consultation.title, number: view.round.number })}
        </Title>
        <Text size="sm" c="dimmed">
          {view.role === "panellist"
            ? t("page.answerAs", { pseudonym: view.pseudonym })
            : t("page.previewAs", { role: t(`role.${view.role}`) })}
          {view.round.kind === "open" && <> {t("page.openRound")}</>}
          {view.round.kind === "realtime" && <> {t("page.realtimeRound")}</>}
          {view.round.deadline && (
            <>
              {" "}
              <Trans t={t} i18nKey="page.closes" components={{ deadline: <Deadline at={view.round.deadline} /> }} />
            </>
          )}
        </Text>
      </div>
      {!open && (
        <Alert
          color="orange"
          role="status"
          title={t("page.notOpenTitle", {
            number: view.round.number,
            status: t(`status.${view.round.status as "closed"}`),
          })}
          data-testid="round-closed"
        >
          {view.round.status === "draft" ? t("page.notOpenYet") : t("page.noLongerOpen")}
        </Alert>
      )}
      <RestructuredNotice view={view} />
      <OwnProposals view={view} />
      {/* Sticky under the app header: kept to three short lines on a phone so the items keep the screen. */}
      <Card
        withBorder
        pos="sticky"
        top={60}
        style={{ zIndex: 5 }}
        data-testid="progress-bar"
        p={{ base: "xs", sm: "md" }}
      >
        <Group justify="space-between" wrap="wrap" gap={4}>
          <Text size="sm" fw={600} data-testid="rated-count">
            {t("page.rated", { answered: f.number(answeredCount), total: f.number(total) })}
          </Text>
          <Text size="xs" data-testid="panel-finished">
            {t("page.finished", { finished: f.number(view.progress.finished), count: view.progress.panel })}
          </Text>
        </Group>
        <Progress value={(100 * answeredCount) / Math.max(1, total)} mt={4} aria-label={t("page.progress")} />
        {view.role === "panellist" && open && (
          <SubmitRound view={view} answeredHere={answered} answeredCount={answeredCount} />
        )}
      </Card>
      <PartNavigation view={view} />
      <RoundContents view={view} answeredHere={answered} />
      {groups.map((g) => (
        <section key={g.key} aria-labelledby={`group-${g.key}`}>
          {/* Reached from the contents: below the sticky progress bar, not under it (voting.css). */}
          <h2 className="vote-group-title" id={`group-${g.key}`} dir="auto">
            {g.key} {g.title}
          </h2>
          {view.role === "panellist" && open && <ProposeControl target={g.key} title={g.title} />}
          <div className="vote-group-items">
            {g.items.map((item) => (
              <ItemCard key={item.id} item={item} view={view} onAnswered={onAnswered} />
            ))}
          </div>
        </section>
      ))}
      {nextPart !== null && (
        <Group justify="flex-end">
          <Button component={Link} to={`?part=${nextPart + 1}`}>
            {t("page.nextPart", {
              first: view.outline.parts[nextPart]!.first,
              last: view.outline.parts[nextPart]!.last,
            })}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
