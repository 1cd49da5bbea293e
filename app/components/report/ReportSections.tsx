// The study report's sections as components: the route (app/routes/consultations.$id.report.tsx) lays them out
// in the order of REPORT_SECTIONS; the PDF (report.server.ts) renders the same content.
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Code,
  Group,
  List,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import type { SerializeFrom } from "@remix-run/node";
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { HeaderRow } from "../HeaderRow";
import type { StudyReport } from "~/models/report.server";
import { formatDateTime, REPORT_SECTIONS, statusLabel, type ReportSection } from "../../../shared/export/format";
import {
  compositionColumns,
  OUTCOME_COLUMNS,
  OVERRIDE_COLUMNS,
  PARTICIPATION_COLUMNS,
  RESTRUCTURING_COLUMNS,
  RESULT_COLUMNS,
  type ReportColumn,
} from "../../../shared/export/report-tables";

export type Report = SerializeFrom<StudyReport>;
type CompositionRow = Report["panel"]["byStakeholderType"][number];

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

/**
 * One of the report's tables from its shared column list (shared/export/report-tables.ts, also the PDF's): each
 * cell is the column's text unless `render` gives that column richer content (a link, a badge). The first column
 * heads its row.
 */
function ColumnTable<Row>(props: {
  caption?: string;
  columns: readonly ReportColumn<Row>[];
  rows: readonly Row[];
  rowKey(row: Row): string;
  rowColor?(row: Row): string | undefined;
  render?: Partial<Record<string, (row: Row) => ReactNode>>;
}) {
  return (
    <Table striped withTableBorder fz="sm">
      {props.caption && <Table.Caption>{props.caption}</Table.Caption>}
      <HeaderRow columns={props.columns.map((c) => c.header)} />
      <Table.Tbody>
        {props.rows.map((row) => (
          <Table.Tr key={props.rowKey(row)} c={props.rowColor?.(row)}>
            {props.columns.map((column, i) => {
              const content = props.render?.[column.header]?.(row) ?? column.text(row);
              return i === 0 ? (
                <Table.Th key={column.header} scope="row" fw={400}>
                  {content}
                </Table.Th>
              ) : (
                <Table.Td key={column.header}>{content}</Table.Td>
              );
            })}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function ItemLink({ consultationId, itemKey }: { consultationId: string; itemKey: string }) {
  return (
    <Anchor component={Link} to={`/consultations/${consultationId}/items/${encodeURIComponent(itemKey)}`}>
      {itemKey}
    </Anchor>
  );
}

function CompositionTable({ caption, rows }: { caption: string; rows: CompositionRow[] }) {
  const attribute = caption.replace(/^By /, "").replace(/^./, (c) => c.toUpperCase());
  return (
    <ColumnTable
      caption={caption}
      columns={compositionColumns(attribute)}
      rows={rows}
      rowKey={(r) => r.value ?? "—"}
      // A group nobody from took part in is a gap the report must not hide.
      rowColor={(r) => (r.tookPart === 0 ? "red.9" : undefined)}
      render={{ "Took part": (r) => (r.tookPart === 0 ? <strong>0 (gap)</strong> : r.tookPart) }}
    />
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
          Anonymised raw ratings (by pseudonym), per-round figures and the audit log as CSV or Excel, the restructurings
          of the model as CSV, and the whole study as JSON. Each download is recorded in the audit trail.
        </Text>
        <Group gap="xs" mt="xs">
          {[
            "ratings.csv",
            "ratings.xlsx",
            "figures.csv",
            "figures.xlsx",
            "audit.csv",
            "audit.xlsx",
            "restructurings.csv",
            "study.json",
          ].map((file) => (
            <Button
              key={file}
              component="a"
              href={`/consultations/${c.id}/export/${file}`}
              size="compact-sm"
              variant="light"
            >
              {file}
            </Button>
          ))}
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
          <ColumnTable columns={PARTICIPATION_COLUMNS} rows={r.participation} rowKey={(p) => String(p.round)} />
        </Table.ScrollContainer>
        <Text size="xs" c="dimmed" mt={4}>
          Complete: submitted with every item answered (&quot;no opinion&quot; counts as an answer). Partial: started
          but not complete (submitted with items left blank, or still answering). Response rate: complete of invited.
          Retention: complete of the previous round&apos;s complete ones.
        </Text>
        <List size="sm" spacing={4} mt="xs" data-testid="report-design">
          {r.design.sentences.map((s) => (
            <List.Item key={s}>{s}</List.Item>
          ))}
        </List>
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
            <ColumnTable
              caption={`Round ${round.round} (${round.status}, closed ${formatDateTime(round.closedAt)})`}
              columns={RESULT_COLUMNS}
              rows={round.items}
              rowKey={(i) => i.key}
              render={{
                Item: (i) => <ItemLink consultationId={c.id} itemKey={i.key} />,
                Decision: (i) => (
                  <>
                    {i.decision ? statusLabel(i.decision) : "undecided"}
                    {i.decision && i.decision !== i.status && (
                      <Badge ml={6} size="xs" color="orange" variant="light">
                        override
                      </Badge>
                    )}
                  </>
                ),
              }}
            />
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
        <ColumnTable
          caption="Computed by the rule → final after the moderators' decisions"
          columns={OUTCOME_COLUMNS}
          rows={r.outcomes}
          rowKey={(o) => String(o.round)}
        />
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
          <ColumnTable
            columns={OVERRIDE_COLUMNS}
            rows={r.overrides}
            rowKey={(o) => `${o.round}-${o.key}`}
            render={{
              Item: (o) => <ItemLink consultationId={c.id} itemKey={o.key} />,
              Rationale: (o) => <span style={{ whiteSpace: "pre-wrap" }}>{o.rationale}</span>,
            }}
          />
        )}
        <Text size="sm" mt="xs" data-testid="report-proposals">
          {r.proposals.sentence}
        </Text>
        {r.restructurings.length > 0 && (
          <Table.ScrollContainer minWidth={700} mt="xs">
            <ColumnTable
              caption="Restructurings of the model between rounds"
              columns={RESTRUCTURING_COLUMNS}
              rows={r.restructurings}
              rowKey={(s) => String(s.seq)}
            />
          </Table.ScrollContainer>
        )}
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
