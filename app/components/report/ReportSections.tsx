// The study report's sections as components: the route (app/routes/consultations.$id.report.tsx) lays them out
// in the order of REPORT_SECTIONS; the PDF (report.server.ts) renders the same content.
import { Alert, Anchor, Badge, Button, Card, Code, Group, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import type { SerializeFrom } from "@remix-run/node";
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { HeaderRow } from "../HeaderRow";
import type { StudyReport } from "~/models/report.server";
import {
  formatDateTime,
  formatFigure,
  formatPct,
  REPORT_SECTIONS,
  statusLabel,
  type ReportSection,
} from "../../../shared/export/format";

export type Report = SerializeFrom<StudyReport>;
type CompositionRow = Report["panel"]["byStakeholderType"][number];

// Computed statuses include "insufficient answers" (below the rule's minimum); decisions never do.
const STATUSES = ["validated", "reformulate", "reevaluate", "dropped", "insufficient"] as const;

export function Section({ id, n, children }: { id: ReportSection; n: number; children: ReactNode }) {
  return (
    <Card withBorder component="section" id={id} aria-labelledby={`${id}-title`} className="report-section">
      <Title order={2} size="h4" mb="sm" id={`${id}-title`}>
        {n}. {REPORT_SECTIONS[id]}
      </Title>
      {children}
    </Card>
  );
}

function CompositionTable({ caption, rows }: { caption: string; rows: CompositionRow[] }) {
  return (
    <Table striped withTableBorder fz="sm">
      <Table.Caption>{caption}</Table.Caption>
      <HeaderRow
        columns={[caption.replace(/^By /, "").replace(/^./, (c) => c.toUpperCase()), "Invited", "Joined", "Took part"]}
      />
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.value ?? "—"} c={r.tookPart === 0 ? "red.9" : undefined}>
            <Table.Th scope="row" fw={400}>
              {r.value ?? "not recorded"}
            </Table.Th>
            <Table.Td>{r.invited}</Table.Td>
            {r.joined === null ? (
              <Table.Td colSpan={2}>{"note" in r ? r.note : ""}</Table.Td>
            ) : (
              <>
                <Table.Td>{r.joined}</Table.Td>
                <Table.Td>{r.tookPart === 0 ? <strong>0 (gap)</strong> : r.tookPart}</Table.Td>
              </>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Downloads of the anonymised data, each recorded in the audit trail. */
export function ReportExports({ report: r }: { report: Report }) {
  const c = r.consultation;
  return (
    <>
      <Card withBorder className="no-print">
        <Text size="sm" fw={600}>
          Exports
        </Text>
        <Text size="sm" c="dimmed">
          Anonymised raw ratings (by pseudonym), per-round figures and the audit log as CSV or Excel, and the whole
          study as JSON. Each download is recorded in the audit trail.
        </Text>
        <Group gap="xs" mt="xs">
          {["ratings.csv", "ratings.xlsx", "figures.csv", "figures.xlsx", "audit.csv", "audit.xlsx", "study.json"].map(
            (file) => (
              <Button
                key={file}
                component="a"
                href={`/consultations/${c.id}/export/${file}`}
                size="compact-sm"
                variant="light"
              >
                {file}
              </Button>
            ),
          )}
        </Group>
      </Card>
    </>
  );
}

/** 1. Who was invited, joined and took part, by stakeholder type, country and gender; gaps named. */
export function PanelComposition({ report: r }: { report: Report }) {
  return (
    <>
      <Section id="panel" n={1}>
        <Text size="sm">
          {r.panel.invited} panellists invited, {r.panel.joined} joined, {r.panel.tookPart} took part (rated at least
          one item).
        </Text>
        {r.panel.gaps.length > 0 ? (
          <Alert color="orange" mt="xs" title="Gaps in the panel">
            Nobody took part from: {r.panel.gaps.map((g) => `${g.stakeholderType} (${g.invited} invited)`).join(", ")}.
            {r.panel.notShown}
          </Alert>
        ) : (
          <Text size="sm" mt="xs">
            Every stakeholder type is represented among those who took part.{r.panel.notShown}
          </Text>
        )}
        <Stack mt="sm">
          <CompositionTable caption="By stakeholder type" rows={r.panel.byStakeholderType} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} style={{ alignItems: "start" }}>
            <CompositionTable caption="By country" rows={r.panel.byCountry} />
            <CompositionTable caption="By gender" rows={r.panel.byGender} />
          </SimpleGrid>
        </Stack>
      </Section>
    </>
  );
}

/** 2. Participation per round: complete, partial, response rate and retention. */
export function ParticipationByRound({ report: r }: { report: Report }) {
  return (
    <>
      <Section id="participation" n={2}>
        <Table.ScrollContainer minWidth={700}>
          <Table striped withTableBorder fz="sm">
            <HeaderRow
              columns={[
                "Round",
                "Status",
                "Opened",
                "Closed",
                "Invited",
                "Joined",
                "Started",
                "Complete",
                "Partial",
                "Response rate",
                "Retention",
              ]}
            />
            <Table.Tbody>
              {r.participation.map((p) => (
                <Table.Tr key={p.round}>
                  <Table.Td>{p.round}</Table.Td>
                  <Table.Td>{p.status}</Table.Td>
                  <Table.Td>{formatDateTime(p.openedAt)}</Table.Td>
                  <Table.Td>{formatDateTime(p.closedAt)}</Table.Td>
                  <Table.Td>{p.invited}</Table.Td>
                  <Table.Td>{p.joined}</Table.Td>
                  <Table.Td>{p.started}</Table.Td>
                  <Table.Td>{p.completed}</Table.Td>
                  <Table.Td>{p.partial}</Table.Td>
                  <Table.Td>{p.responseRate === null ? "—" : `${formatPct(p.responseRate)} %`}</Table.Td>
                  <Table.Td>{p.retention === null ? "—" : `${formatPct(p.retention)} %`}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Text size="xs" c="dimmed" mt={4}>
          Complete: submitted with every item answered (&quot;no opinion&quot; counts as an answer). Partial: started
          but not complete (submitted with items left blank, or still answering). Response rate: complete of invited.
          Retention: complete of the previous round&apos;s complete ones.
        </Text>
      </Section>
    </>
  );
}

/** 4. Every item's figures, computed status and decision, per closed round. */
export function ResultsByRound({ report: r }: { report: Report }) {
  const c = r.consultation;
  return (
    <>
      <Section id="results" n={4}>
        {r.results.length === 0 && <Text size="sm">No round has closed yet.</Text>}
        {r.results.map((round) => (
          <Table.ScrollContainer key={round.round} minWidth={700} mb="md">
            <Table striped withTableBorder fz="sm">
              <Table.Caption>
                Round {round.round} ({round.status}, closed {formatDateTime(round.closedAt)})
              </Table.Caption>
              <HeaderRow
                columns={["Item", "Kind", "n", "No opinion", "Agree %", "Median", "IQR", "Computed status", "Decision"]}
              />
              <Table.Tbody>
                {round.items.map((i) => (
                  <Table.Tr key={i.key}>
                    <Table.Th scope="row" fw={400}>
                      <Anchor component={Link} to={`/consultations/${c.id}/items/${encodeURIComponent(i.key)}`}>
                        {i.key}
                      </Anchor>
                    </Table.Th>
                    <Table.Td>{i.kind}</Table.Td>
                    <Table.Td>{i.n}</Table.Td>
                    <Table.Td>{i.nNoOpinion}</Table.Td>
                    <Table.Td>{formatPct(i.agreePct)}</Table.Td>
                    <Table.Td>{formatFigure(i.median)}</Table.Td>
                    <Table.Td>{formatFigure(i.iqr)}</Table.Td>
                    <Table.Td>{statusLabel(i.status)}</Table.Td>
                    <Table.Td>
                      {i.decision ? statusLabel(i.decision) : "undecided"}
                      {i.decision && i.decision !== i.status && (
                        <Badge ml={6} size="xs" color="orange" variant="light">
                          override
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ))}
      </Section>
    </>
  );
}

/** 5. Counts per status, computed by the rule and final after the decisions. */
export function OutcomesByRound({ report: r }: { report: Report }) {
  return (
    <>
      <Section id="outcomes" n={5}>
        <Table striped withTableBorder fz="sm">
          <Table.Caption>Computed by the rule → final after the moderators&apos; decisions</Table.Caption>
          <HeaderRow columns={["Round", "Items", ...STATUSES.map(statusLabel), "Undecided"]} />
          <Table.Tbody>
            {r.outcomes.map((o) => (
              <Table.Tr key={o.round}>
                <Table.Td>{o.round}</Table.Td>
                <Table.Td>{o.items}</Table.Td>
                {STATUSES.map((s) => (
                  <Table.Td key={s}>
                    {o.computed[s] === o.final[s] ? o.final[s] : `${o.computed[s]} → ${o.final[s]}`}
                  </Table.Td>
                ))}
                <Table.Td>{o.undecided}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Section>
    </>
  );
}

/** 7. Decisions that differ from the rule's computed status, with their rationale. */
export function Overrides({ report: r }: { report: Report }) {
  const c = r.consultation;
  return (
    <>
      <Section id="overrides" n={7}>
        {r.overrides.length === 0 ? (
          <Text size="sm">The moderators followed the rule&apos;s computed status for every decided item.</Text>
        ) : (
          <Table striped withTableBorder fz="sm">
            <HeaderRow columns={["Round", "Item", "Computed", "Decision", "Rationale"]} />
            <Table.Tbody>
              {r.overrides.map((o) => (
                <Table.Tr key={`${o.round}-${o.key}`}>
                  <Table.Td>{o.round}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/consultations/${c.id}/items/${encodeURIComponent(o.key)}`}>
                      {o.key}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{statusLabel(o.computed)}</Table.Td>
                  <Table.Td>{statusLabel(o.decision)}</Table.Td>
                  <Table.Td style={{ whiteSpace: "pre-wrap" }}>{o.rationale}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Text size="sm" mt="xs" data-testid="report-proposals">
          {r.proposals.sentence}
        </Text>
      </Section>
    </>
  );
}

/** 9. The model versions published from the study and the audit head. */
export function PublishedVersions({ report: r }: { report: Report }) {
  const c = r.consultation;
  return (
    <>
      <Section id="versions" n={9}>
        <Text size="sm">
          {r.versions.length
            ? `The consensus was published as ${c.model.name} ${r.versions
                .map((v) => `version ${v.version} (${formatDateTime(v.publishedAt)})`)
                .join(", ")}.`
            : "No model version has been published from this consultation yet."}
        </Text>
        {r.versions.length > 0 && (
          <Anchor component={Link} to={`/models/${c.model.slug}/compare`} size="sm" className="no-print">
            Compare the model versions
          </Anchor>
        )}
        <Text size="sm" mt="xs">
          Audit trail head at the time of this report:
        </Text>
        {r.audit ? (
          <Code block style={{ whiteSpace: "pre-wrap", wordBreak: "break-all" }}>
            {JSON.stringify({ consultationId: c.id, ...r.audit })}
          </Code>
        ) : (
          <Text size="sm">The audit trail has no event yet.</Text>
        )}
      </Section>
    </>
  );
}

/** 11. Which sections answer the CREDES / ACCORD reporting items. */
export function ReportingChecklist({ report: r }: { report: Report }) {
  return (
    <>
      <Card withBorder component="section" aria-labelledby="checklist-title" className="report-section">
        <Title order={2} size="h4" mb="sm" id="checklist-title">
          11. Reporting checklist (CREDES / ACCORD)
        </Title>
        <Text size="sm" c="dimmed" mb="xs">
          Which parts of this report answer the reporting items; items marked “no” are for the authors of the
          publication.
        </Text>
        <Table.ScrollContainer minWidth={700}>
          <Table striped withTableBorder fz="sm">
            <HeaderRow columns={["Guideline", "Item", "Section", "Covered", "Note"]} />
            <Table.Tbody>
              {r.checklist.map((entry) => (
                <Table.Tr key={`${entry.guideline}-${entry.item}`}>
                  <Table.Td>{entry.guideline}</Table.Td>
                  <Table.Td>{entry.item}</Table.Td>
                  <Table.Td>
                    {entry.sections.length
                      ? entry.sections.map((s, i) => (
                          <span key={s}>
                            {i > 0 && "; "}
                            <Anchor href={`#${s}`}>{REPORT_SECTIONS[s]}</Anchor>
                          </span>
                        ))
                      : "—"}
                  </Table.Td>
                  <Table.Td
                    fw={600}
                    c={entry.coverage === "yes" ? "teal.9" : entry.coverage === "partly" ? "#a14400" : undefined}
                  >
                    {entry.coverage}
                  </Table.Td>
                  <Table.Td>{entry.note}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
    </>
  );
}
