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
import { STAKEHOLDER_TYPES } from "../../shared/delphi/schemas";

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

/** The page actions whose answers this section shows beside their own form. */
export const PANEL_INTENTS: ReadonlySet<string> = new Set(["add-panellist", "csv"]);

/** What the page's action answered to one of PANEL_INTENTS. */
export type PanelResult = {
  intent: string;
  ok?: string;
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
  const unplaced = formResult?.error && !formResult.issues?.some((i) => formFields.includes(fieldOf(i.path)));
  const active = panel.filter((p) => !p.withdrawn);
  const missing = STAKEHOLDER_TYPES.filter((t) => !active.some((p) => p.stakeholderType === t));
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">
        Panel ({active.length}
        {active.length !== panel.length ? `, ${panel.length - active.length} withdrawn` : ""})
      </Title>
      {missing.length > 0 && active.length > 0 && (
        <Text size="sm" c="dimmed" mb="xs">
          No panellist yet from: {missing.join(", ")}.
        </Text>
      )}
      <Table.ScrollContainer minWidth={560}>
        <Table striped fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Email</Table.Th>
              <Table.Th>Stakeholder type</Table.Th>
              <Table.Th>Country</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {panel.map((p) => (
              <Table.Tr key={p.memberId} data-testid="panel-row">
                <Table.Td>{p.name}</Table.Td>
                <Table.Td>{p.email}</Table.Td>
                <Table.Td>{p.stakeholderType}</Table.Td>
                <Table.Td>{p.country}</Table.Td>
                <Table.Td>
                  {p.withdrawn ? (
                    <Badge color="red" variant="light">
                      withdrawn ({p.withdrawnAnswers === "exclude" ? "answers excluded" : "answers kept"})
                    </Badge>
                  ) : p.joined ? (
                    "joined"
                  ) : (
                    "invited"
                  )}
                </Table.Td>
                <Table.Td>{!p.withdrawn && <WithdrawButton person={p} />}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      <Title order={3} size="h5" mt="md">
        Add a panellist
      </Title>
      <Form method="post">
        <input type="hidden" name="intent" value="add-panellist" />
        <SimpleGrid cols={{ base: 1, sm: 3 }} mt="xs">
          <TextInput label="Name" name="name" required error={fieldError("name")} />
          <TextInput label="Email" name="email" type="email" required error={fieldError("email")} />
          <NativeSelect
            label="Stakeholder type"
            name="stakeholderType"
            data={[...STAKEHOLDER_TYPES]}
            error={fieldError("stakeholderType")}
          />
          <TextInput label="Country" name="country" error={fieldError("country")} />
          <TextInput label="Gender" name="gender" error={fieldError("gender")} />
          <TextInput label="Working group / expertise" name="expertise" error={fieldError("expertise")} />
        </SimpleGrid>
        {unplaced && (
          <Alert color="red" role="alert" mt="sm" data-testid="panel-form-error">
            {formResult.error}
          </Alert>
        )}
        {formResult?.ok && (
          <Alert color="green" role="status" mt="sm">
            {formResult.ok}
          </Alert>
        )}
        <Button type="submit" mt="sm" size="sm" loading={busy}>
          Add and invite
        </Button>
      </Form>

      <Title order={3} size="h5" mt="md">
        Add a co-moderator or a method-team observer
      </Title>
      <Text size="sm" c="dimmed">
        One role per person: a panellist cannot also be a moderator or observer of the same consultation.
      </Text>
      <Form method="post">
        <input type="hidden" name="intent" value="add-staff" />
        <Group align="flex-end" mt="xs" wrap="wrap">
          <TextInput label="Email" name="email" type="email" required w={240} />
          <TextInput label="Name" name="name" w={200} />
          <NativeSelect
            label="Role"
            name="role"
            data={[
              { value: "observer", label: "Observer (method team, read-only)" },
              { value: "moderator", label: "Co-moderator" },
            ]}
          />
          <Button type="submit" size="sm" loading={busy}>
            Add
          </Button>
        </Group>
      </Form>

      <Title order={3} size="h5" mt="md">
        Import a CSV
      </Title>
      <Text size="sm" c="dimmed">
        Columns: name, email, stakeholder type, country, gender, working group/expertise. If any line is wrong, nothing
        is imported and every wrong line is listed with its number.
      </Text>
      <Form method="post" encType="multipart/form-data">
        <input type="hidden" name="intent" value="csv" />
        <Group align="flex-end" mt="xs">
          <FileInput
            label="CSV file"
            name="csv"
            accept=".csv,text/csv"
            placeholder="panel.csv"
            w={260}
            error={csvResult?.error ? "This file was not imported: see below" : undefined}
          />
          <Button type="submit" size="sm" loading={busy}>
            Import
          </Button>
        </Group>
      </Form>
      {csvResult?.error && (
        <Alert color="red" role="alert" mt="xs" data-testid="csv-errors" title="Nothing was imported">
          {csvResult.issues?.length ? (
            <List size="sm">
              {csvResult.issues.map((issue, i) => (
                <List.Item key={i}>
                  {/^line \d+$/.test(issue.path) ? `Line ${issue.path.slice(5)}` : issue.path}: {issue.message}
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
          {csvResult.ok}
          {csvResult.notes?.map((n) => (
            <Text key={n} size="sm">
              {n}
            </Text>
          ))}
        </Alert>
      )}

      <Title order={3} size="h5" mt="md">
        Outbox
      </Title>
      <Text size="sm" c="dimmed">
        Each sign-in link is created when its message is sent and exists only in that message: single-use, valid for 14
        days, never shown here. Without SMTP the server writes messages to its log for the operator.
      </Text>
      <Table.ScrollContainer minWidth={560}>
        <Table fz="sm" mt="xs" data-testid="outbox">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>To</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Subject</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Time</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {outbox.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td>{m.to}</Table.Td>
                <Table.Td>{m.kind}</Table.Td>
                <Table.Td>{m.subject}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLOUR[m.status]} variant="light">
                    {m.status}
                  </Badge>
                </Table.Td>
                <Table.Td>{new Date(m.sentAt ?? m.createdAt).toUTCString()}</Table.Td>
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
  const [open, setOpen] = useState(false);
  const busy = useNavigation().state !== "idle";
  if (!open)
    return (
      <Button size="compact-xs" variant="subtle" color="red" onClick={() => setOpen(true)}>
        Withdraw…
      </Button>
    );
  return (
    <Form method="post" aria-label={`Withdraw ${person.name}`}>
      <input type="hidden" name="intent" value="withdraw" />
      <input type="hidden" name="memberId" value={person.memberId} />
      <Radio.Group name="answers" label={`Withdraw ${person.name}? Their earlier answers are`} required size="xs">
        <Group gap="xs" mt={4}>
          <Radio value="keep" label="kept" />
          <Radio value="exclude" label="excluded from all figures" />
        </Group>
      </Radio.Group>
      <Group gap="xs" mt={4}>
        <Button type="submit" size="compact-xs" color="red" loading={busy}>
          Confirm withdrawal
        </Button>
        <Button size="compact-xs" variant="default" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </Group>
    </Form>
  );
}
