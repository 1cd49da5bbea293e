// The study report of a consultation, for method teams to attach to a publication: printable as is,
// and the same content as a PDF (/consultations/:id/report.pdf). Moderators and observers; no identities.
import { Anchor, Button, Group, List, Stack, Text, Title } from "@mantine/core";
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import {
  OutcomesByRound,
  Overrides,
  PanelComposition,
  ParticipationByRound,
  PublishedVersions,
  ReportExports,
  ReportingChecklist,
  ResultsByRound,
  Section,
} from "~/components/report/ReportSections";
import { StabilitySection } from "~/components/report/StabilitySection";
import { StoppingSummary } from "~/components/report/StoppingSummary";
import { studyReport } from "~/models/report.server";
import { requireUser } from "~/session.server";
import { AppError, httpStatus } from "../../shared/errors/app-error";
import { formatDateTime } from "../../shared/export/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Study report · ${data?.report.consultation.title ?? "Consultation"} · delphi-mlm` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  try {
    return json({ report: await studyReport(context.db, user, params.id!) });
  } catch (error) {
    if (error instanceof AppError) throw new Response(error.message, { status: httpStatus(error.code) });
    throw error;
  }
}

// Printing drops the app's header and navigation, the buttons and the cards' frames.
const PRINT_CSS = `@media print {
  .mantine-AppShell-header, .mantine-AppShell-navbar, .no-print { display: none !important; }
  .mantine-AppShell-main { padding: 0 !important; }
  .report-section { border: none !important; break-inside: auto; }
  .report-section table { break-inside: auto; }
  .report-section tr { break-inside: avoid; }
}`;

export default function StudyReportPage() {
  const { report: r } = useLoaderData<typeof loader>();
  const { t } = useTranslation("report");
  const c = r.consultation;
  return (
    <Stack maw={1100}>
      <style>{PRINT_CSS}</style>
      <div>
        <Text size="sm" className="no-print">
          <Anchor component={Link} to={`/consultations/${c.id}`}>
            ← {c.title}
          </Anchor>
        </Text>
        <Title order={1} size="h2">
          {t("page.title", { title: c.title })}
        </Title>
        <Text size="sm" c="dimmed">
          {t("page.subtitle", {
            model: c.model.name,
            version: c.model.version,
            points: c.scalePoints,
            anonymity: c.anonymity === "quasi-anonymous" ? t("anonymity.quasi-anonymous") : t("anonymity.anonymous"),
            minGroupSize: c.minGroupSize,
            at: formatDateTime(r.generatedAt),
          })}
        </Text>
        {c.description && (
          <Text mt="xs" dir="auto">
            {c.description}
          </Text>
        )}
      </div>
      <Group gap="xs" className="no-print">
        <Button component="a" href={`/consultations/${c.id}/report.pdf`} size="sm">
          {t("page.downloadPdf")}
        </Button>
        <Button size="sm" variant="default" onClick={() => window.print()}>
          {t("page.print")}
        </Button>
        <Button component={Link} to={`/consultations/${c.id}/audit`} size="sm" variant="default">
          {t("page.auditTrail")}
        </Button>
      </Group>
      <ReportExports report={r} />
      <PanelComposition report={r} />
      <ParticipationByRound report={r} />
      <Section id="consensus" n={3}>
        <List size="sm" spacing={4}>
          {r.consensus.sentences.map((s) => (
            <List.Item key={s}>{s}</List.Item>
          ))}
        </List>
        <Text size="sm" mt="xs">
          {r.consensus.lockedAt ? t("page.locked", { at: formatDateTime(r.consensus.lockedAt) }) : t("page.notLocked")}
        </Text>
        <StoppingSummary stopping={r.stopping} />
      </Section>

      <ResultsByRound report={r} />
      <OutcomesByRound report={r} />
      <Section id="nonConsensus" n={6}>
        <List size="sm" spacing={4}>
          {r.nonConsensus.map((n) => (
            <List.Item key={n.round}>{n.text}</List.Item>
          ))}
        </List>
      </Section>

      <Overrides report={r} />
      <Section id="anonymity" n={8}>
        <List size="sm" spacing={4}>
          {r.anonymity.sentences.map((s) => (
            <List.Item key={s}>{s}</List.Item>
          ))}
        </List>
      </Section>

      <PublishedVersions report={r} />
      <Section id="stability" n={10}>
        <StabilitySection stability={r.stability} consultationId={c.id} />
      </Section>

      <ReportingChecklist report={r} />
    </Stack>
  );
}
