// The moderator's restructuring forms (merge, split, move, add an indicator, rename or re-key), each with its
// rationale; the JSON API (POST /api/v1/consultations/{id}/restructurings) takes the same operations with more
// options (more than two parts, new levels, positions).
import { Button, Card, Group, NativeSelect, Stack, TextInput, Textarea, Title } from "@mantine/core";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import type { Structure } from "../../../shared/model/restructure";

const options = (keys: { key: string; label: string }[]) => [
  { value: "", label: "Choose…" },
  ...keys.map((k) => ({ value: k.key, label: k.label })),
];

/** One operation's card: its title (naming the region), fields, the rationale every change needs, and its button. */
function OperationForm(props: { intent: string; title: string; submit: string; busy: boolean; children: ReactNode }) {
  const titleId = `${props.intent}-title`;
  return (
    <Card withBorder component="section" aria-labelledby={titleId}>
      <Form method="post">
        <input type="hidden" name="intent" value={props.intent} />
        <Stack gap="xs">
          <Title order={3} size="h5" id={titleId}>
            {props.title}
          </Title>
          {props.children}
          <Textarea name="rationale" label="Rationale" required autosize minRows={1} />
          <Button type="submit" loading={props.busy} w="fit-content">
            {props.submit}
          </Button>
        </Stack>
      </Form>
    </Card>
  );
}

export function RestructureForms({ structure, busy }: { structure: Structure; busy: boolean }) {
  const subdomains = structure.flatMap((d) => d.subdomains.map((s) => ({ key: s.key, label: `${s.key} ${s.title}` })));
  const domains = structure.map((d) => ({ key: d.key, label: `${d.key} ${d.title}` }));
  const indicators = structure.flatMap((d) =>
    d.subdomains.flatMap((s) =>
      s.indicators.map((i) => ({ key: i.key, label: `${i.key} ${i.statement.slice(0, 60)}` })),
    ),
  );
  const items = [...domains, ...subdomains, ...indicators];
  return (
    <Stack>
      <OperationForm intent="merge" title="Merge two items" submit="Merge" busy={busy}>
        <Group grow>
          <NativeSelect name="first" label="Merge" data={options(items)} required />
          <NativeSelect name="second" label="with" data={options(items)} required />
        </Group>
        <TextInput name="wording" label="Wording of the merged item" required />
      </OperationForm>
      <OperationForm intent="split" title="Split an item in two" submit="Split" busy={busy}>
        <NativeSelect name="key" label="Split" data={options(items)} required />
        {[1, 2].map((part) => (
          <Group grow key={part} align="flex-start">
            <TextInput name={`part${part}`} label={`Wording of part ${part}`} required />
            <TextInput
              name={`children${part}`}
              label={`Items of part ${part}`}
              description="A domain's or subdomain's keys, e.g. II.1.1, II.1.2; none for an indicator"
            />
          </Group>
        ))}
      </OperationForm>
      <OperationForm intent="move" title="Move an indicator or a subdomain" submit="Move" busy={busy}>
        <Group grow>
          <NativeSelect name="key" label="Move" data={options([...subdomains, ...indicators])} required />
          <NativeSelect name="to" label="into" data={options([...domains, ...subdomains])} required />
        </Group>
      </OperationForm>
      <OperationForm intent="add" title="Add an indicator" submit="Add" busy={busy}>
        <NativeSelect name="parent" label="To subdomain" data={options(subdomains)} required />
        <Textarea name="wording" label="Statement" required autosize minRows={1} />
        {[1, 2, 3, 4, 5].map((l) => (
          <TextInput key={l} name={`level${l}`} label={`Level ${l}`} required />
        ))}
      </OperationForm>
      <OperationForm intent="rename" title="Rename or re-key an item" submit="Rename" busy={busy}>
        <NativeSelect name="key" label="Rename" data={options(items)} required />
        <Group grow align="flex-start">
          <TextInput name="wording" label="New wording" description="Leave empty to keep it" />
          <TextInput name="newKey" label="New key" description="Leave empty to keep it" />
        </Group>
      </OperationForm>
    </Stack>
  );
}

/** The form's fields as a restructuring body (validated by the server like any API body). */
export function restructuringFromForm(form: FormData): { intent: string; body?: Record<string, unknown> } {
  const field = (name: string) => String(form.get(name) ?? "").trim();
  const intent = field("intent");
  const rationale = field("rationale");
  if (intent === "merge")
    return {
      intent,
      body: { operation: "merge", keys: [field("first"), field("second")], wording: field("wording"), rationale },
    };
  if (intent === "split") {
    const part = (n: number) => {
      const children = field(`children${n}`)
        .split(/[\s,;]+/)
        .filter(Boolean);
      return { wording: field(`part${n}`), ...(children.length ? { children } : {}) };
    };
    return { intent, body: { operation: "split", key: field("key"), into: [part(1), part(2)], rationale } };
  }
  if (intent === "move") return { intent, body: { operation: "move", key: field("key"), to: field("to"), rationale } };
  if (intent === "rename")
    return {
      intent,
      body: {
        operation: "rename",
        key: field("key"),
        ...(field("wording") ? { wording: field("wording") } : {}),
        ...(field("newKey") ? { newKey: field("newKey") } : {}),
        rationale,
      },
    };
  if (intent === "add")
    return {
      intent,
      body: {
        operation: "add",
        kind: "indicator",
        parent: field("parent"),
        wording: field("wording"),
        levels: [1, 2, 3, 4, 5].map((l) => field(`level${l}`)),
        rationale,
      },
    };
  return { intent };
}
