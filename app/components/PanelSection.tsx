// The moderator's panel section of a consultation page: the panel as people (who, invited/joined/withdrawn),
// adding panellists and staff, CSV import, withdrawal of consent, and the outbox. The outbox shows who was
// written to and whether it went out — never a message body or a sign-in link.
import {
  Alert,
  Badge,
  Button,
  Card,
  FileInput,
  Group,
  List,
  NativeSelect,
  Radio,
  SimpleGrid,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";
import { STAKEHOLDER_TYPES } from "../../shared/delphi/schemas";
import { useConsultationLabels, useDoneText, type Done } from "./consultation/labels";

export type PanelRow = {
  memberId: string;
  name: string;
  email: string;
  stakeholderType: string | null;
  country: string | null;
  joined: boolean;
  withdrawn: boolean;
  withdrawnAnswers: string | null;
};

export type OutboxRow = {
  id: string;
  kind: string;
  to: string;
  subject: string;
  status: "queued" | "sent" | "failed";
  createdAt: string;
  sentAt: string | null;
};

const STATUS_COLOUR = { queued: "gray", sent: "green", failed: "red" } as const;
/** A file name as the example in the CSV field (no words to translate). */
const CSV_EXAMPLE = "panel.csv";
const MESSAGE_KINDS: ReadonlySet<string> = new Set(["invitation", "reminder", "sign-in", "round-opened"]);

/** The page actions whose answers this section shows beside their own form. */
export const PANEL_INTENTS: ReadonlySet<string> = new Set(["add-panellist", "csv"]);

/** What the page's action answered to one of PANEL_INTENTS. */
export type PanelResult = {
  intent: string;
  ok?: Done;
  notes?: string[];
  error?: string;
  issues?: { path: string; message: string }[];
};

// "[0].email" (the one person of the form) → "email": the field to show the message under.
const fieldOf = (path: string) => path.replace(/^\[\d+\]\.?/, "");

export function PanelSection({
  panel,
  outbox,
  result,
}: {
  panel: PanelRow[];
  outbox: OutboxRow[];
  result?: PanelResult;
}) {
  const { t } = useTranslation("consultation");
  const f = useFormat();
  const labels = useConsultationLabels();
  const doneText = useDoneText();
  const busy = useNavigation().state !== "idle";
  const formResult = result?.intent === "add-panellist" ? result : undefined;
  const csvResult = result?.intent === "csv" ? result : undefined;
  const fieldError = (field: string) =>
    formResult?.issues
      ?.filter((i) => fieldOf(i.path) === field)
      .map((i) => i.message)
      .join("; ") || undefined;
  // A form error the fields cannot carry (none names a field of the form) is shown above the button.
  const formFields = ["name", "email", "stakeholderType", "country", "gender", "expertise"];
  const fieldErrors = Object.fromEntries(formFields.map((field) => [field, fieldError(field)]));
  const unplaced = formResult?.error && !formResult.issues?.some((i) => formFields.includes(fieldOf(i.path)));
  const active = panel.filter((p) => !p.withdrawn);
  const missing = STAKEHOLDER_TYPES.filter((type) => !active.some((p) => p.stakeholderType === type));
  const messageKind = (kind: string) =>
    MESSAGE_KINDS.has(kind) ? t(`panel.messageKind.${kind as "invitation"}`) : kind;
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">
        {active.length !== panel.length
          ? t("panel.titleWithdrawn", {
              active: f.number(active.length),
              withdrawn: f.number(panel.length - active.length),
            })
          : t("panel.title", { active: f.number(active.length) })}
      </Title>
      {missing.length > 0 && active.length > 0 && (
        <Text size="sm" c="dimmed" mb="xs">
          {t("panel.missing", { types: missing.map((type) => labels.stakeholderType(type)).join(", ") })}
        </Text>
      )}
      <Table.ScrollContainer minWidth={560}>
        <Table striped fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("panel.name")}</Table.Th>
              <Table.Th>{t("panel.email")}</Table.Th>
              <Table.Th>{t("panel.stakeholderType")}</Table.Th>
              <Table.Th>{t("panel.country")}</Table.Th>
              <Table.Th>{t("panel.status")}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {panel.map((p) => (
              <Table.Tr key={p.memberId} data-testid="panel-row">
                <Table.Td dir="auto">{p.name}</Table.Td>
                <Table.Td>{p.email}</Table.Td>
                <Table.Td>{labels.stakeholderType(p.stakeholderType)}</Table.Td>
                <Table.Td>{p.country}</Table.Td>
                <Table.Td>
                  {p.withdrawn ? (
                    <Badge color="red" variant="light">
                      {p.withdrawnAnswers === "exclude" ? t("panel.withdrawnExcluded") : t("panel.withdrawnKept")}
                    </Badge>
                  ) : p.joined ? (
                    t("panel.joined")
                  ) : (
                    t("panel.invited")
                  )}
                </Table.Td>
                <Table.Td>{!p.withdrawn && <WithdrawButton person={p} />}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      <Title order={3} size="h5" mt="md">
        {t("panel.add")}
      </Title>
      <Form method="post">
        <input type="hidden" name="intent" value="add-panellist" />
        <SimpleGrid cols={{ base: 1, sm: 3 }} mt="xs">
          <TextInput label={t("panel.name")} name="name" required error={fieldErrors.name} />
          <TextInput label={t("panel.email")} name="email" type="email" required error={fieldErrors.email} />
          <NativeSelect
            label={t("panel.stakeholderType")}
            name="stakeholderType"
            data={STAKEHOLDER_TYPES.map((type) => ({ value: type, label: labels.stakeholderType(type)! }))}
            error={fieldErrors.stakeholderType}
          />
          <TextInput label={t("panel.country")} name="country" error={fieldErrors.country} />
          <TextInput label={t("panel.gender")} name="gender" error={fieldErrors.gender} />
          <TextInput label={t("panel.expertise")} name="expertise" error={fieldErrors.expertise} />
        </SimpleGrid>
        {unplaced && (
          <Alert color="red" role="alert" mt="sm" data-testid="panel-form-error">
            {formResult.error}
          </Alert>
        )}
        {formResult?.ok && (
          <Alert color="green" role="status" mt="sm">
            {doneText(formResult.ok)}
          </Alert>
        )}
        <Button type="submit" mt="sm" size="sm" loading={busy}>
          {t("panel.addInvite")}
        </Button>
      </Form>

      <Title order={3} size="h5" mt="md">
        {t("panel.staff")}
      </Title>
      <Text size="sm" c="dimmed">
        {t("panel.staffHint")}
      </Text>
      <Form method="post">
        <input type="hidden" name="intent" value="add-staff" />
        <Group align="flex-end" mt="xs" wrap="wrap">
          <TextInput label={t("panel.email")} name="email" type="email" required w={240} />
          <TextInput label={t("panel.name")} name="name" w={200} />
          <NativeSelect
            label={t("panel.role")}
            name="role"
            data={[
              { value: "observer", label: t("panel.roleObserver") },
              { value: "moderator", label: t("panel.roleModerator") },
            ]}
          />
          <Button type="submit" size="sm" loading={busy}>
            {t("panel.addStaff")}
          </Button>
        </Group>
      </Form>

      <Title order={3} size="h5" mt="md">
        {t("panel.csv")}
      </Title>
      <Text size="sm" c="dimmed">
        {t("panel.csvHint")}
      </Text>
      <Form method="post" encType="multipart/form-data">
        <input type="hidden" name="intent" value="csv" />
        <Group align="flex-end" mt="xs">
          <FileInput
            label={t("panel.csvFile")}
            name="csv"
            accept=".csv,text/csv"
            placeholder={CSV_EXAMPLE}
            w={260}
            error={csvResult?.error ? t("panel.csvNotImported") : undefined}
          />
          <Button type="submit" size="sm" loading={busy}>
            {t("panel.import")}
          </Button>
        </Group>
      </Form>
      {csvResult?.error && (
        <Alert color="red" role="alert" mt="xs" data-testid="csv-errors" title={t("panel.nothingImported")}>
          {csvResult.issues?.length ? (
            <List size="sm">
              {csvResult.issues.map((issue, i) => (
                <List.Item key={i}>
                  {/^line \d+$/.test(issue.path) ? t("panel.line", { number: issue.path.slice(5) }) : issue.path}:{" "}
                  {issue.message}
                </List.Item>
              ))}
            </List>
          ) : (
            csvResult.error
          )}
        </Alert>
      )}
      {csvResult?.ok && (
        <Alert color="green" role="status" mt="xs" data-testid="csv-result">
          {doneText(csvResult.ok)}
          {csvResult.notes?.map((n) => (
            <Text key={n} size="sm">
              {n}
            </Text>
          ))}
        </Alert>
      )}

      <Title order={3} size="h5" mt="md">
        {t("panel.outbox")}
      </Title>
      <Text size="sm" c="dimmed">
        {t("panel.outboxHint")}
      </Text>
      <Table.ScrollContainer minWidth={560}>
        <Table fz="sm" mt="xs" data-testid="outbox">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("panel.to")}</Table.Th>
              <Table.Th>{t("panel.kind")}</Table.Th>
              <Table.Th>{t("panel.subject")}</Table.Th>
              <Table.Th>{t("panel.status")}</Table.Th>
              <Table.Th>{t("panel.time")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {outbox.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td>{m.to}</Table.Td>
                <Table.Td>{messageKind(m.kind)}</Table.Td>
                <Table.Td dir="auto">{m.subject}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLOUR[m.status]} variant="light">
                    {t(`panel.messageStatus.${m.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>{f.dateTime(m.sentAt ?? m.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

/** Withdrawal of consent, in two steps: choose what happens to the earlier answers, then confirm. */
function WithdrawButton({ person }: { person: PanelRow }) {
  const { t } = useTranslation("consultation");
  const [open, setOpen] = useState(false);
  const busy = useNavigation().state !== "idle";
  if (!open)
    return (
      <Button size="compact-xs" variant="subtle" color="red" onClick={() => setOpen(true)}>
        {t("panel.withdraw")}
      </Button>
    );
  return (
    <Form method="post" aria-label={t("panel.withdrawForm", { name: person.name })}>
      <input type="hidden" name="intent" value="withdraw" />
      <input type="hidden" name="memberId" value={person.memberId} />
      <Radio.Group name="answers" label={t("panel.withdrawQuestion", { name: person.name })} required size="xs">
        <Group gap="xs" mt={4}>
          <Radio value="keep" label={t("panel.kept")} />
          <Radio value="exclude" label={t("panel.excluded")} />
        </Group>
      </Radio.Group>
      <Group gap="xs" mt={4}>
        <Button type="submit" size="compact-xs" color="red" loading={busy}>
          {t("panel.confirmWithdrawal")}
        </Button>
        <Button size="compact-xs" variant="default" onClick={() => setOpen(false)}>
          {t("panel.cancel")}
        </Button>
      </Group>
    </Form>
  );
}
