// The moderator's restructuring forms (merge, split, move, add an indicator, rename or re-key), each with its
// rationale; the JSON API (POST /api/v1/consultations/{id}/restructurings) takes the same operations with more
// options (more than two parts, new levels, positions).
import { Button, Card, Group, NativeSelect, Stack, TextInput, Textarea, Title } from "@mantine/core";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import type { Structure } from "../../../shared/model/restructure";

const options = (t: TFunction<"restructure">, keys: { key: string; label: string }[]) => [
  { value: "", label: t("choose") },
  ...keys.map((k) => ({ value: k.key, label: k.label })),
];

/** One operation's card: its title (naming the region), fields, the rationale every change needs, and its button. */
function OperationForm(props: { intent: string; title: string; submit: string; busy: boolean; children: ReactNode }) {
  const { t } = useTranslation("restructure");
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
          <Textarea name="rationale" label={t("rationale")} required autosize minRows={1} />
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
  const { t } = useTranslation("restructure");
  return (
    <Stack>
      <OperationForm intent="merge" title={t("merge.title")} submit={t("merge.submit")} busy={busy}>
        <Group grow>
          <NativeSelect name="first" label={t("merge.first")} data={options(t, items)} required />
          <NativeSelect name="second" label={t("merge.second")} data={options(t, items)} required />
        </Group>
        <TextInput name="wording" label={t("merge.wording")} required />
      </OperationForm>
      <OperationForm intent="split" title={t("split.title")} submit={t("split.submit")} busy={busy}>
        <NativeSelect name="key" label={t("split.key")} data={options(t, items)} required />
        {[1, 2].map((part) => (
          <Group grow key={part} align="flex-start">
            <TextInput name={`part${part}`} label={t("split.part", { number: part })} required />
            <TextInput
              name={`children${part}`}
              label={t("split.children", { number: part })}
              description={t("split.childrenHint")}
            />
          </Group>
        ))}
      </OperationForm>
      <OperationForm intent="move" title={t("move.title")} submit={t("move.submit")} busy={busy}>
        <Group grow>
          <NativeSelect name="key" label={t("move.key")} data={options(t, [...subdomains, ...indicators])} required />
          <NativeSelect name="to" label={t("move.to")} data={options(t, [...domains, ...subdomains])} required />
        </Group>
      </OperationForm>
      <OperationForm intent="add" title={t("add.title")} submit={t("add.submit")} busy={busy}>
        <NativeSelect name="parent" label={t("add.parent")} data={options(t, subdomains)} required />
        <Textarea name="wording" label={t("add.statement")} required autosize minRows={1} />
        {[1, 2, 3, 4, 5].map((l) => (
          <TextInput key={l} name={`level${l}`} label={t("level", { number: l })} required />
        ))}
      </OperationForm>
      <OperationForm intent="rename" title={t("rename.title")} submit={t("rename.submit")} busy={busy}>
        <NativeSelect name="key" label={t("rename.key")} data={options(t, items)} required />
        <Group grow align="flex-start">
          <TextInput name="wording" label={t("rename.wording")} description={t("rename.keep")} />
          <TextInput name="newKey" label={t("rename.newKey")} description={t("rename.keep")} />
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
