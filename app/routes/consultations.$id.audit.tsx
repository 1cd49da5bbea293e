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
import { useTranslation } from "react-i18next";
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
/** "2025-01-31T09:05:00.000Z" as "2025-01-31 09:05:00.000" (the column says UTC). */
const utc = (iso: string) => iso.replace("T", " ").replace("Z", "");
const NOTARISED_EXAMPLE = "42:5f3c…";
const LOG_FILES = ["audit.csv", "audit.xlsx"];

export default function AuditTrailPage() {
  const { consultation, after, log } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t } = useTranslation("report");
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
            {t("audit.studyReport")}
          </Anchor>
        </Text>
        <Title order={1} size="h2">
          {t("audit.title")}
        </Title>
        <Text size="sm" c="dimmed">
          {t("audit.intro")}
        </Text>
      </div>

      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {t("audit.verifyTitle")}
        </Title>
        <Form method="post">
          <Group align="flex-end">
            <TextInput
              name="notarised"
              label={t("audit.notarised")}
              description={t("audit.notarisedHelp")}
              placeholder={NOTARISED_EXAMPLE}
              w={420}
            />
            <Button type="submit" loading={busy}>
              {t("audit.verify")}
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
            <Alert color="green" role="status" mt="sm" title={t("audit.intact")}>
              {result.verdict.notarisedHead
                ? t("audit.intactNotarised", {
                    count: result.verdict.events,
                    head: result.verdict.head,
                    seq: result.verdict.notarisedHead.seq,
                    at: formatDateTime(result.verdict.checkedAt),
                  })
                : t("audit.intactText", {
                    count: result.verdict.events,
                    head: result.verdict.head,
                    at: formatDateTime(result.verdict.checkedAt),
                  })}
            </Alert>
          ) : (
            <Alert color="red" role="alert" mt="sm" title={t("audit.broken")}>
              {t("audit.brokenText", {
                seq: result.verdict.brokenAt.seq,
                reason: result.verdict.brokenAt.reason,
                count: result.verdict.events,
              })}
            </Alert>
          ))}
      </Card>

      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {t("audit.headTitle")}
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
                    {copied ? t("audit.copied") : t("audit.copy")}
                  </Button>
                )}
              </CopyButton>
              <Button component="a" href={file("audit-head.json")} size="compact-sm" variant="light">
                {t("audit.downloadHead")}
              </Button>
              {LOG_FILES.map((name) => (
                <Button key={name} component="a" href={file(name)} size="compact-sm" variant="light">
                  {name}
                </Button>
              ))}
            </Group>
            <Text size="xs" c="dimmed" mt="xs">
              {t("audit.notariseHelp")}
            </Text>
          </>
        ) : (
          <Text size="sm">{t("audit.noEvent")}</Text>
        )}
      </Card>

      <Table.ScrollContainer minWidth={800}>
        <Table striped withTableBorder fz="xs">
          <Table.Caption>
            {log.head
              ? t("audit.eventsOf", {
                  from: log.events[0]?.seq ?? "—",
                  to: log.events.at(-1)?.seq ?? "—",
                  last: log.head.seq,
                })
              : t("audit.events", { from: log.events[0]?.seq ?? "—", to: log.events.at(-1)?.seq ?? "—" })}
          </Table.Caption>
          <HeaderRow
            columns={[
              t("audit.columns.seq"),
              t("audit.columns.at"),
              t("audit.columns.actor"),
              t("audit.columns.type"),
              t("audit.columns.payload"),
              t("audit.columns.hash"),
            ]}
          />
          <Table.Tbody>
            {log.events.map((e) => (
              <Table.Tr key={e.seq}>
                <Table.Td>{e.seq}</Table.Td>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{utc(e.at)}</Table.Td>
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
            {t("audit.firstPage")}
          </Button>
        )}
        {log.nextAfterSeq !== null && (
          <Button component={Link} to={`?after=${log.nextAfterSeq}`} size="xs" variant="default">
            {t("audit.nextPage", { n: PAGE })}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
