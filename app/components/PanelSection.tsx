// The moderator's panel section of a consultation page: the panel as people (who, invited/joined/withdrawn),
// adding panellists and staff, CSV import, withdrawal of consent, and the outbox. The outbox shows who was
// written to and whether it went out — never a message body or a sign-in link.
import {
  Badge,
  Button,
  Card,
  FileInput,
  Group,
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

export function PanelSection({ panel, outbox }: { panel: PanelRow[]; outbox: OutboxRow[] }) {
  const busy = useNavigation().state !== "idle";
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
          <TextInput label="Name" name="name" required />
          <TextInput label="Email" name="email" type="email" required />
          <NativeSelect label="Stakeholder type" name="stakeholderType" data={[...STAKEHOLDER_TYPES]} />
          <TextInput label="Country" name="country" />
          <TextInput label="Gender" name="gender" />
          <TextInput label="Working group / expertise" name="expertise" />
        </SimpleGrid>
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
        Columns: name, email, stakeholder type, country, gender, working group/expertise. A bad row stops the whole file
        (reported by line).
      </Text>
      <Form method="post" encType="multipart/form-data">
        <input type="hidden" name="intent" value="csv" />
        <Group align="flex-end" mt="xs">
          <FileInput label="CSV file" name="csv" accept=".csv,text/csv" placeholder="panel.csv" w={260} />
          <Button type="submit" size="sm" loading={busy}>
            Import
          </Button>
        </Group>
      </Form>

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
