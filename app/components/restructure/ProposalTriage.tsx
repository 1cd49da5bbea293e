// The panel's proposals of the closed round, for the moderators to triage: accept (a proposed indicator is
// added to the next round), merge with an existing item, or reject with a reason. Shown without their
// authors, as the server lists them (app/models/proposal.server.ts).
import { Badge, Button, Card, Group, NativeSelect, Stack, Text, TextInput, Textarea, Title } from "@mantine/core";
import { Form } from "@remix-run/react";
import { useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import type { ProposalView } from "~/models/proposal.server";

type ListedProposal = ProposalView & { withdrawn: boolean; targetNow: string | null };
import type { Structure } from "../../../shared/model/restructure";

/** The triage form's fields as the API body (validated by the server like any API body). */
export function triageFromForm(form: FormData): Record<string, unknown> {
  const text = (name: string) => String(form.get(name) ?? "");
  const outcome = text("outcome");
  if (outcome === "rejected") return { outcome, reason: text("rationale") };
  if (outcome === "merged") return { outcome, with: text("with"), rationale: text("rationale") };
  const levels = [1, 2, 3, 4, 5].map((l) => text(`level${l}`));
  return {
    outcome,
    rationale: text("rationale"),
    ...(text("parent") ? { parent: text("parent") } : {}),
    ...(levels.some((l) => l.trim()) ? { levels } : {}),
  };
}

const OUTCOME_COLOURS = { accepted: "teal.9", merged: "grape.8", rejected: "gray.7" } as const;

export function ProposalTriage({
  proposals,
  structure,
  canTriage,
  busy,
}: {
  proposals: ListedProposal[];
  structure: Structure;
  canTriage: boolean;
  busy: boolean;
}) {
  const { t } = useTranslation("restructure");
  if (!proposals.length) return null;
  return (
    <Stack gap="xs" component="section" aria-labelledby="proposals-title" data-testid="proposals">
      <Title order={2} size="h4" id="proposals-title">
        {t("proposals.title")}
      </Title>
      {proposals.map((p) => (
        <Card key={p.number} withBorder data-testid={`proposal-${p.label}`}>
          <Stack gap={4}>
            <Group gap="xs">
              <Text fw={600}>{p.label}</Text>
              <Text size="sm" c="dimmed">
                {t(p.kind === "indicator" ? "proposals.indicator" : "proposals.restructuring", {
                  target: p.target,
                  round: p.round,
                })}
              </Text>
              {p.outcome && (
                <Badge color={OUTCOME_COLOURS[p.outcome]} size="sm" data-testid="proposal-outcome">
                  {p.acceptedAs
                    ? t("proposals.outcomeAs", { outcome: t(`proposals.outcome.${p.outcome}`), key: p.acceptedAs })
                    : p.mergedWith
                      ? t("proposals.outcomeWith", { outcome: t(`proposals.outcome.${p.outcome}`), key: p.mergedWith })
                      : t(`proposals.outcome.${p.outcome}`)}
                </Badge>
              )}
            </Group>
            <Text size="sm" dir="auto">
              {p.kind === "indicator" ? p.statement : p.change}
            </Text>
            {p.levels && (
              <Text size="xs" c="dimmed">
                <Trans
                  t={t}
                  i18nKey="proposals.levels"
                  values={{ levels: p.levels.map((l, i) => `${i + 1}. ${l}`).join(" · ") }}
                  components={{ text: <span dir="auto" /> }}
                />
              </Text>
            )}
            <Text size="sm" c="dimmed">
              <Trans
                t={t}
                i18nKey="proposals.why"
                values={{ reason: p.reason }}
                components={{ text: <span dir="auto" /> }}
              />
            </Text>
            {p.rationale && (
              <Text size="sm">
                <Trans
                  t={t}
                  i18nKey="proposals.moderators"
                  values={{ rationale: p.rationale }}
                  components={{ text: <span dir="auto" /> }}
                />
              </Text>
            )}
            {canTriage && !p.outcome && <TriageForm proposal={p} structure={structure} busy={busy} />}
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}

function TriageForm({
  proposal: p,
  structure,
  busy,
}: {
  proposal: ListedProposal;
  structure: Structure;
  busy: boolean;
}) {
  const { t } = useTranslation("restructure");
  const [outcome, setOutcome] = useState("accepted");
  const subdomains = structure.flatMap((d) =>
    d.subdomains.map((s) => ({ value: s.key, label: `${s.key} ${s.title}` })),
  );
  const items = structure.flatMap((d) => [
    { value: d.key, label: `${d.key} ${d.title}` },
    ...d.subdomains.flatMap((s) => [
      { value: s.key, label: `${s.key} ${s.title}` },
      ...s.indicators.map((i) => ({ value: i.key, label: `${i.key} ${i.statement.slice(0, 60)}` })),
    ]),
  ]);
  const indicator = p.kind === "indicator";
  return (
    <Form method="post" aria-label={t("triage.form", { label: p.label })}>
      <input type="hidden" name="intent" value="triage" />
      <input type="hidden" name="number" value={p.number} />
      <Stack gap="xs">
        <NativeSelect
          name="outcome"
          label={t("triage.outcome")}
          value={outcome}
          onChange={(e) => setOutcome(e.currentTarget.value)}
          data={[
            { value: "accepted", label: indicator ? t("triage.acceptIndicator") : t("triage.accept") },
            { value: "merged", label: t("triage.merge") },
            { value: "rejected", label: t("triage.reject") },
          ]}
        />
        {outcome === "accepted" && indicator && (
          <>
            <NativeSelect
              // A restructuring recorded meanwhile changes the options: start again from where the target is now.
              key={subdomains.map((s) => s.value).join(" ")}
              name="parent"
              label={t("triage.parent")}
              defaultValue={subdomains.some((s) => s.value === p.targetNow) ? p.targetNow! : ""}
              data={[{ value: "", label: t("choose") }, ...subdomains]}
            />
            {!p.levels &&
              [1, 2, 3, 4, 5].map((l) => (
                <TextInput key={l} name={`level${l}`} label={t("level", { number: l })} required />
              ))}
          </>
        )}
        {outcome === "merged" && (
          <NativeSelect
            name="with"
            label={t("triage.with")}
            data={[{ value: "", label: t("choose") }, ...items]}
            required
          />
        )}
        <Textarea
          name="rationale"
          label={outcome === "rejected" ? t("triage.reason") : t("rationale")}
          required
          autosize
          minRows={1}
        />
        <Button type="submit" loading={busy} w="fit-content">
          {t("triage.submit")}
        </Button>
      </Stack>
    </Form>
  );
}
