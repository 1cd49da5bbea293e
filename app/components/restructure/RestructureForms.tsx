// The moderator's restructuring forms (merge two items, move an item, add an indicator), each with its
// rationale; split and rename are in the JSON API (POST /api/v1/consultations/{id}/restructurings).
import { Button, Card, Group, NativeSelect, Stack, TextInput, Textarea, Title } from "@mantine/core";
import { Form } from "@remix-run/react";
import type { Structure } from "../../../shared/model/restructure";

const options = (keys: { key: string; label: string }[]) => [
  { value: "", label: "Choose…" },
  ...keys.map((k) => ({ value: k.key, label: k.label })),
];

export function RestructureForms({ structure, busy }: { structure: Structure; busy: boolean }) {
  const subdomains = structure.flatMap((d) => d.subdomains.map((s) => ({ key: s.key, label: `${s.key} ${s.title}` })));
  const domains = structure.map((d) => ({ key: d.key, label: `${d.key} ${d.title}` }));
  const indicators = structure.flatMap((d) =>
    d.subdomains.flatMap((s) =>
      s.indicators.map((i) => ({ key: i.key, label: `${i.key} ${i.statement.slice(0, 60)}` })),
    ),
  );
  const items = [...domains, ...subdomains, ...indicators];
  const rationale = <Textarea name="rationale" label="Rationale" required autosize minRows={1} />;
  return (
    <Stack>
      <Card withBorder component="section" aria-labelledby="merge-title">
        <Form method="post">
          <input type="hidden" name="intent" value="merge" />
          <Stack gap="xs">
            <Title order={3} size="h5" id="merge-title">
              Merge two items
            </Title>
            <Group grow>
              <NativeSelect name="first" label="Merge" data={options(items)} required />
              <NativeSelect name="second" label="with" data={options(items)} required />
            </Group>
            <TextInput name="wording" label="Wording of the merged item" required />
            {rationale}
            <Button type="submit" loading={busy} w="fit-content">
              Merge
            </Button>
          </Stack>
        </Form>
      </Card>
      <Card withBorder component="section" aria-labelledby="move-title">
        <Form method="post">
          <input type="hidden" name="intent" value="move" />
          <Stack gap="xs">
            <Title order={3} size="h5" id="move-title">
              Move an indicator or a subdomain
            </Title>
            <Group grow>
              <NativeSelect name="key" label="Move" data={options([...subdomains, ...indicators])} required />
              <NativeSelect name="to" label="into" data={options([...domains, ...subdomains])} required />
            </Group>
            {rationale}
            <Button type="submit" loading={busy} w="fit-content">
              Move
            </Button>
          </Stack>
        </Form>
      </Card>
      <Card withBorder component="section" aria-labelledby="add-title">
        <Form method="post">
          <input type="hidden" name="intent" value="add" />
          <Stack gap="xs">
            <Title order={3} size="h5" id="add-title">
              Add an indicator
            </Title>
            <NativeSelect name="parent" label="To subdomain" data={options(subdomains)} required />
            <Textarea name="wording" label="Statement" required autosize minRows={1} />
            {[1, 2, 3, 4, 5].map((l) => (
              <TextInput key={l} name={`level${l}`} label={`Level ${l}`} required />
            ))}
            {rationale}
            <Button type="submit" loading={busy} w="fit-content">
              Add
            </Button>
          </Stack>
        </Form>
      </Card>
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
  if (intent === "move") return { intent, body: { operation: "move", key: field("key"), to: field("to"), rationale } };
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
