// A consultation's audit trail for moderators and observers: the hash-chained events page by page, a
// button that recomputes the whole chain (optionally against a notarised head), and the verified head
// and the log to download. See docs/audit.md for what the chain proves.
import {
  Alert,
  Anchor,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getConsultation } from "~/models/consultation.server";
import { auditLog, verifyAuditTrail } from "~/models/export.server";
import { requireUser } from "~/session.server";
import { AppError, httpStatus } from "../../shared/errors/app-error";
import { urlInteger } from "../../shared/delphi/schemas";
import { formatDateTime } from "../../shared/export/format";
import { HeaderRow } from "~/components/HeaderRow";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Audit trail · ${data?.consultation.title ?? "Consultation"} · delphi-mlm` },
];

const PAGE = 100;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  try {
    const after = urlInteger(new URL(request.url).searchParams.get("after"), "after") ?? 0;
    const log = await auditLog(context.db, user, params.id!, { afterSeq: after, limit: PAGE });
    const c = await getConsultation(context.db, params.id!, user);
    return json({ consultation: { id: c.id, title: c.title }, after, log });
  } catch (error) {
    if (error instanceof AppError) throw new Response(error.message, { status: httpStatus(error.code) });
    throw error;
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const form = await request.formData();
  try {
    const verdict = await verifyAuditTrail(context.db, user, params.id!, String(form.get("notarised") ?? ""));
    return json({ verdict, error: null });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code === "validation") return json({ verdict: null, error: error.message }, { status: 400 });
    throw new Response(error.message, { status: httpStatus(error.code) });
  }
}

const short = (hash: string) => `${hash.slice(0, 12)}…`;

export default function AuditTrailPage() {
  const { consultation, after, log } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const head = log.head ? JSON.stringify({ consultationId: consultation.id, ...log.head }) : null;
  const file = (name: string) => `/consultations/${consultation.id}/export/${name}`;

  return (
    <Stack maw={1100}>
      <div>
        <Text size="sm">
          <Anchor component={Link} to={`/consultations/${consultation.id}`}>
            {consultation.title}
          </Anchor>{" "}
          ·{" "}
          <Anchor component={Link} to={`/consultations/${consultation.id}/report`}>
            Study report
          </Anchor>
        </Text>
        <Title order={1} size="h2">
          Audit trail
        </Title>
        <Text size="sm" c="dimmed">
          Every step of the study, in order. Each event carries the SHA-256 hash of its contents and of the event before
          it, so changing, removing or reordering any event breaks the chain from that point.
        </Text>
      </div>

      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          Verify the chain
        </Title>
        <Form method="post">
          <Group align="flex-end">
            <TextInput
              name="notarised"
              label="Notarised head (optional)"
              description="seq:hash of a head published earlier, to detect a chain cut or rewritten since"
              placeholder="42:5f3c…"
              w={420}
            />
            <Button type="submit" loading={busy}>
              Verify chain
            </Button>
          </Group>
        </Form>
        {result?.error && (
          <Alert color="red" role="alert" mt="sm">
            {result.error}
          </Alert>
        )}
        {result?.verdict &&
          (result.verdict.ok ? (
            <Alert color="green" role="status" mt="sm" title="Chain intact">
              {result.verdict.events} events verified; head {result.verdict.head}
              {result.verdict.notarisedHead
                ? `; the notarised head (event ${result.verdict.notarisedHead.seq}) matches`
                : ""}
              . Checked {formatDateTime(result.verdict.checkedAt)}.
            </Alert>
          ) : (
            <Alert color="red" role="alert" mt="sm" title="Chain broken">
              At event seq {result.verdict.brokenAt.seq}: {result.verdict.brokenAt.reason}. {result.verdict.events}{" "}
              events before it verified intact.
            </Alert>
          ))}
      </Card>

      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          Chain head
        </Title>
        {head ? (
          <>
            <Code block style={{ whiteSpace: "pre-wrap", wordBreak: "break-all" }}>
              {head}
            </Code>
            <Group gap="xs" mt="xs">
              <CopyButton value={head}>
                {({ copied, copy }) => (
                  <Button size="compact-sm" variant="default" onClick={copy}>
                    {copied ? "Copied" : "Copy"}
                  </Button>
                )}
              </CopyButton>
              <Button component="a" href={file("audit-head.json")} size="compact-sm" variant="light">
                Download verified head (JSON)
              </Button>
              <Button component="a" href={file("audit.csv")} size="compact-sm" variant="light">
                audit.csv
              </Button>
              <Button component="a" href={file("audit.xlsx")} size="compact-sm" variant="light">
                audit.xlsx
              </Button>
            </Group>
            <Text size="xs" c="dimmed" mt="xs">
              Notarise the head (publish it in the study report, email it to the method team, or timestamp it) to detect
              later that events were cut off or rewritten. Downloads are recorded in the trail themselves.
            </Text>
          </>
        ) : (
          <Text size="sm">No event yet.</Text>
        )}
      </Card>

      <Table.ScrollContainer minWidth={800}>
        <Table striped withTableBorder fz="xs">
          <Table.Caption>
            Events {log.events[0]?.seq ?? "—"}–{log.events.at(-1)?.seq ?? "—"}
            {log.head ? ` of ${log.head.seq}` : ""}
          </Table.Caption>
          <HeaderRow columns={["Seq", "At (UTC)", "Actor", "Type", "Payload", "Hash"]} />
          <Table.Tbody>
            {log.events.map((e) => (
              <Table.Tr key={e.seq}>
                <Table.Td>{e.seq}</Table.Td>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{e.at.replace("T", " ").replace("Z", "")}</Table.Td>
                <Table.Td>{e.actor}</Table.Td>
                <Table.Td>{e.type}</Table.Td>
                <Table.Td>
                  <Code style={{ wordBreak: "break-all", whiteSpace: "pre-wrap" }}>
                    {e.payload.length > 300 ? `${e.payload.slice(0, 300)}…` : e.payload}
                  </Code>
                </Table.Td>
                <Table.Td title={e.hash}>
                  <Code>{short(e.hash)}</Code>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group>
        {after > 0 && (
          <Button component={Link} to="?" size="xs" variant="default">
            First page
          </Button>
        )}
        {log.nextAfterSeq !== null && (
          <Button component={Link} to={`?after=${log.nextAfterSeq}`} size="xs" variant="default">
            Next {PAGE} events
          </Button>
        )}
      </Group>
    </Stack>
  );
}
