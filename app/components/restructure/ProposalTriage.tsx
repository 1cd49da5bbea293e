// The panel's proposals of the closed round, for the moderators to triage: accept (a proposed indicator is
// added to the next round), merge with an existing item, or reject with a reason. Shown without their
// authors, as the server lists them (app/models/proposal.server.ts).
import { Badge, Button, Card, Group, NativeSelect, Stack, Text, TextInput, Textarea, Title } from "@mantine/core";
import { Form } from "@remix-run/react";
import { useState } from "react";
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
  if (!proposals.length) return null;
  return (
    <Stack gap="xs" component="section" aria-labelledby="proposals-title" data-testid="proposals">
      <Title order={2} size="h4" id="proposals-title">
        Proposals from the panel
      </Title>
      {proposals.map((p) => (
        <Card key={p.number} withBorder data-testid={`proposal-${p.label}`}>
          <Stack gap={4}>
            <Group gap="xs">
              <Text fw={600}>{p.label}</Text>
              <Text size="sm" c="dimmed">
                {p.kind === "indicator" ? "a missing indicator" : "a restructuring"} under {p.target}, round {p.round}
              </Text>
              {p.outcome && (
                <Badge color={OUTCOME_COLOURS[p.outcome]} size="sm" data-testid="proposal-outcome">
                  {p.outcome}
                  {p.acceptedAs ? ` as ${p.acceptedAs}` : p.mergedWith ? ` with ${p.mergedWith}` : ""}
                </Badge>
              )}
            </Group>
            <Text size="sm">{p.kind === "indicator" ? p.statement : p.change}</Text>
            {p.levels && (
              <Text size="xs" c="dimmed">
                Levels: {p.levels.map((l, i) => `${i + 1}. ${l}`).join(" · ")}
              </Text>
            )}
            <Text size="sm" c="dimmed">
              Why: {p.reason}
            </Text>
            {p.rationale && <Text size="sm">Moderators: {p.rationale}</Text>}
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
    <Form method="post" aria-label={`Triage ${p.label}`}>
      <input type="hidden" name="intent" value="triage" />
      <input type="hidden" name="number" value={p.number} />
      <Stack gap="xs">
        <NativeSelect
          name="outcome"
          label="Outcome"
          value={outcome}
          onChange={(e) => setOutcome(e.currentTarget.value)}
          data={[
            { value: "accepted", label: indicator ? "Accept into the next round" : "Accept" },
            { value: "merged", label: "Merge with an existing item" },
            { value: "rejected", label: "Reject" },
          ]}
        />
        {outcome === "accepted" && indicator && (
          <>
            <NativeSelect
              // A restructuring recorded meanwhile changes the options: start again from where the target is now.
              key={subdomains.map((s) => s.value).join(" ")}
              name="parent"
              label="Into subdomain"
              defaultValue={subdomains.some((s) => s.value === p.targetNow) ? p.targetNow! : ""}
              data={[{ value: "", label: "Choose…" }, ...subdomains]}
            />
            {!p.levels &&
              [1, 2, 3, 4, 5].map((l) => <TextInput key={l} name={`level${l}`} label={`Level ${l}`} required />)}
          </>
        )}
        {outcome === "merged" && (
          <NativeSelect name="with" label="With" data={[{ value: "", label: "Choose…" }, ...items]} required />
        )}
        <Textarea
          name="rationale"
          label={outcome === "rejected" ? "Reason (the proposer reads it)" : "Rationale"}
          required
          autosize
          minRows={1}
        />
        <Button type="submit" loading={busy} w="fit-content">
          Record the triage
        </Button>
      </Stack>
    </Form>
  );
}
