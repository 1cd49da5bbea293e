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
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { useFormat } from "../../i18n/format";
import { useReviewWords, type Status } from "../review/status";
import { HeaderRow } from "../HeaderRow";
import type { StudyReport } from "~/models/report.server";
import { formatDateTime, STATUS_LABELS, type ReportSection } from "../../../shared/export/format";
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
  const { t } = useTranslation("report");
  return (
    <Card withBorder component="section" id={id} aria-labelledby={`${id}-title`} className="report-section">
      <Title order={2} size="h4" mb="sm" id={`${id}-title`}>
        {t("sectionTitle", { n, title: t(`sections.${id}`) })}
      </Title>
      {children}
    </Card>
  );
}

/** The shared column lists' English headers (also the PDF's), as the catalog names them. */
const HEADER_KEYS = {
  Invited: "invited",
  Joined: "joined",
  "Took part": "tookPart",
  Round: "round",
  Status: "status",
  Opened: "opened",
  Closed: "closed",
  Started: "started",
  Complete: "complete",
  Partial: "partial",
  "Response rate": "responseRate",
  Retention: "retention",
  Item: "item",
  Kind: "kind",
  n: "n",
  "No opinion": "noOpinion",
  "Agree %": "agree",
  Median: "median",
  IQR: "iqr",
  "Computed status": "computedStatus",
  Decision: "decision",
  Items: "items",
  Undecided: "undecided",
  "After round": "afterRound",
  Change: "change",
  From: "from",
  To: "to",
  Proposal: "proposal",
  Rationale: "rationale",
  Computed: "computed",
} as const;
const STATUS_HEADERS = new Map(Object.entries(STATUS_LABELS).map(([status, label]) => [label, status]));

function headerText(t: TFunction<"report">, words: ReturnType<typeof useReviewWords>, header: string): string {
  if (header in HEADER_KEYS) return t(`columns.${HEADER_KEYS[header as keyof typeof HEADER_KEYS]}`);
  const status = STATUS_HEADERS.get(header);
  return status ? words.status(status as Status) : header;
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
  const { t } = useTranslation("report");
  const words = useReviewWords();
  return (
    <Table striped withTableBorder fz="sm">
      {props.caption && <Table.Caption>{props.caption}</Table.Caption>}
      <HeaderRow columns={props.columns.map((c) => headerText(t, words, c.header))} />
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

function CompositionTable({
  caption,
  attribute,
  rows,
}: {
  caption: string;
  attribute: string;
  rows: CompositionRow[];
}) {
  const { t } = useTranslation("report");
  return (
    <ColumnTable
      caption={caption}
      columns={compositionColumns(attribute)}
      rows={rows}
      rowKey={(r) => r.value ?? "—"}
      // A group nobody from took part in is a gap the report must not hide.
      rowColor={(r) => (r.tookPart === 0 ? "red.9" : undefined)}
      render={{
        [attribute]: (r) => r.value ?? t("panel.notRecorded"),
        "Took part": (r) => (r.tookPart === 0 ? <strong>{t("panel.gap0")}</strong> : r.tookPart),
      }}
    />
  );
}

const EXPORT_FILES = [
  "ratings.csv",
  "ratings.xlsx",
  "figures.csv",
  "figures.xlsx",
  "audit.csv",
  "audit.xlsx",
  "restructurings.csv",
  "study.json",
];

/** Downloads of the anonymised data, each recorded in the audit trail. */
export function ReportExports({ report: r }: { report: Report }) {
  const { t } = useTranslation("report");
  const c = r.consultation;
  return (
    <>
      <Card withBorder className="no-print">
        <Text size="sm" fw={600}>
          {t("exports.title")}
        </Text>
        <Text size="sm" c="dimmed">
          {t("exports.text")}
        </Text>
        <Group gap="xs" mt="xs">
          {EXPORT_FILES.map((file) => (
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
  const { t } = useTranslation("report");
  return (
    <>
      <Section id="panel" n={1}>
        <Text size="sm">
          {t("panel.summary", { invited: r.panel.invited, joined: r.panel.joined, tookPart: r.panel.tookPart })}
        </Text>
        {r.panel.gaps.length > 0 ? (
          <Alert color="orange" mt="xs" title={t("panel.gapsTitle")}>
            {t("panel.gaps", {
              groups: r.panel.gaps
                .map((g) => t("panel.gap", { type: g.stakeholderType, invited: g.invited }))
                .join(", "),
            })}
            {r.panel.notShown}
          </Alert>
        ) : (
          <Text size="sm" mt="xs">
            {t("panel.noGaps")}
            {r.panel.notShown}
          </Text>
        )}
        <Stack mt="sm">
          <CompositionTable
            caption={t("panel.byStakeholderType")}
            attribute={t("panel.stakeholderType")}
            rows={r.panel.byStakeholderType}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} style={{ alignItems: "start" }}>
            <CompositionTable caption={t("panel.byCountry")} attribute={t("panel.country")} rows={r.panel.byCountry} />
            <CompositionTable caption={t("panel.byGender")} attribute={t("panel.gender")} rows={r.panel.byGender} />
          </SimpleGrid>
        </Stack>
      </Section>
    </>
  );
}

/** 2. Participation per round: complete, partial, response rate and retention. */
export function ParticipationByRound({ report: r }: { report: Report }) {
  const { t } = useTranslation("report");
  const f = useFormat();
  const words = useReviewWords();
  const rate = (pct: number | null) => (pct === null ? "—" : t("pct", { value: f.pct(pct) }));
  return (
    <>
      <Section id="participation" n={2}>
        <Table.ScrollContainer minWidth={700}>
          <ColumnTable
            columns={PARTICIPATION_COLUMNS}
            rows={r.participation}
            rowKey={(p) => String(p.round)}
            render={{
              Status: (p) => words.roundStatus(p.status),
              "Response rate": (p) => rate(p.responseRate),
              Retention: (p) => rate(p.retention),
            }}
          />
        </Table.ScrollContainer>
        <Text size="xs" c="dimmed" mt={4}>
          {t("participation.note")}
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
  const { t } = useTranslation("report");
  const f = useFormat();
  const words = useReviewWords();
  const c = r.consultation;
  return (
    <>
      <Section id="results" n={4}>
        {r.results.length === 0 && <Text size="sm">{t("results.noRound")}</Text>}
        {r.results.map((round) => (
          <Table.ScrollContainer key={round.round} minWidth={700} mb="md">
            <ColumnTable
              caption={t("results.caption", {
                round: round.round,
                status: words.roundStatus(round.status),
                at: formatDateTime(round.closedAt),
              })}
              columns={RESULT_COLUMNS}
              rows={round.items}
              rowKey={(i) => i.key}
              render={{
                Item: (i) => <ItemLink consultationId={c.id} itemKey={i.key} />,
                Kind: (i) => words.kind(i.kind),
                "Agree %": (i) => f.pct(i.agreePct),
                Median: (i) => f.figure(i.median),
                IQR: (i) => f.figure(i.iqr),
                "Computed status": (i) => statusName(words, i.status),
                Decision: (i) => (
                  <>
                    {i.decision ? statusName(words, i.decision) : t("results.undecided")}
                    {i.decision && i.decision !== i.status && (
                      <Badge ml={6} size="xs" color="orange" variant="light">
                        {t("results.override")}
                      </Badge>
                    )}
                  </>
                ),
              }}
            />
          </Table.ScrollContainer>
        ))}
        {r.commentsInOtherLanguages.length > 0 && (
          <Table.ScrollContainer minWidth={700} mb="md">
            <Table fz="sm" captionSide="top" verticalSpacing={4}>
              <Table.Caption>{t("otherLanguages.caption", { source: c.languages[0]!.toUpperCase() })}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("otherLanguages.round")}</Table.Th>
                  <Table.Th>{t("otherLanguages.item")}</Table.Th>
                  <Table.Th>{t("otherLanguages.language")}</Table.Th>
                  <Table.Th>{t("otherLanguages.asRead")}</Table.Th>
                  <Table.Th>{t("otherLanguages.comment")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {r.commentsInOtherLanguages.map((q, i) => (
                  <Table.Tr key={i}>
                    <Table.Td>{q.round}</Table.Td>
                    <Table.Td>{q.key}</Table.Td>
                    <Table.Td>
                      <Badge size="xs" variant="light">
                        {q.language.toUpperCase()}
                      </Badge>
                    </Table.Td>
                    <Table.Td lang={q.translated ? q.language : c.languages[0]}>
                      {q.wording}
                      {!q.translated && t("otherLanguages.notTranslated")}
                    </Table.Td>
                    <Table.Td lang={q.language} style={{ whiteSpace: "pre-wrap" }}>
                      {q.comment}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Section>
    </>
  );
}

/** 5. Counts per status, computed by the rule and final after the decisions. */
export function OutcomesByRound({ report: r }: { report: Report }) {
  const { t } = useTranslation("report");
  return (
    <>
      <Section id="outcomes" n={5}>
        <ColumnTable
          caption={t("outcomes.caption")}
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
  const { t } = useTranslation("report");
  const words = useReviewWords();
  const c = r.consultation;
  return (
    <>
      <Section id="overrides" n={7}>
        {r.overrides.length === 0 ? (
          <Text size="sm">{t("overrides.none")}</Text>
        ) : (
          <ColumnTable
            columns={OVERRIDE_COLUMNS}
            rows={r.overrides}
            rowKey={(o) => `${o.round}-${o.key}`}
            render={{
              Item: (o) => <ItemLink consultationId={c.id} itemKey={o.key} />,
              Computed: (o) => statusName(words, o.computed),
              Decision: (o) => statusName(words, o.decision),
              Rationale: (o) => (
                <span style={{ whiteSpace: "pre-wrap" }} dir="auto">
                  {o.rationale}
                </span>
              ),
            }}
          />
        )}
        <Text size="sm" mt="xs" data-testid="report-proposals">
          {r.proposals.sentence}
        </Text>
        {r.restructurings.length > 0 && (
          <Table.ScrollContainer minWidth={700} mt="xs">
            <ColumnTable
              caption={t("overrides.restructurings")}
              columns={RESTRUCTURING_COLUMNS}
              rows={r.restructurings}
              rowKey={(s) => String(s.seq)}
              render={{ Rationale: (s) => <span dir="auto">{s.rationale}</span> }}
            />
          </Table.ScrollContainer>
        )}
      </Section>
    </>
  );
}

/** 9. The model versions published from the study and the audit head. */
export function PublishedVersions({ report: r }: { report: Report }) {
  const { t } = useTranslation("report");
  const c = r.consultation;
  return (
    <>
      <Section id="versions" n={9}>
        <Text size="sm">
          {r.versions.length
            ? t("versions.published", {
                model: c.model.name,
                versions: r.versions
                  .map((v) => t("versions.version", { version: v.version, at: formatDateTime(v.publishedAt) }))
                  .join(", "),
              })
            : t("versions.none")}
        </Text>
        {r.versions.length > 0 && (
          <Anchor component={Link} to={`/models/${c.model.slug}/compare`} size="sm" className="no-print">
            {t("versions.compare")}
          </Anchor>
        )}
        <Text size="sm" mt="xs">
          {t("versions.auditHead")}
        </Text>
        {r.audit ? (
          <Code block style={{ whiteSpace: "pre-wrap", wordBreak: "break-all" }}>
            {JSON.stringify({ consultationId: c.id, ...r.audit })}
          </Code>
        ) : (
          <Text size="sm">{t("versions.noAudit")}</Text>
        )}
      </Section>
    </>
  );
}

/** 11. Which sections answer the CREDES / ACCORD reporting items. */
export function ReportingChecklist({ report: r }: { report: Report }) {
  const { t } = useTranslation("report");
  return (
    <>
      <Card withBorder component="section" aria-labelledby="checklist-title" className="report-section">
        <Title order={2} size="h4" mb="sm" id="checklist-title">
          {t("checklist.title")}
        </Title>
        <Text size="sm" c="dimmed" mb="xs">
          {t("checklist.intro")}
        </Text>
        <Table.ScrollContainer minWidth={700}>
          <Table striped withTableBorder fz="sm">
            <HeaderRow
              columns={[
                t("checklist.guideline"),
                t("checklist.item"),
                t("checklist.section"),
                t("checklist.covered"),
                t("checklist.note"),
              ]}
            />
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
                            <Anchor href={`#${s}`}>{t(`sections.${s}`)}</Anchor>
                          </span>
                        ))
                      : "—"}
                  </Table.Td>
                  <Table.Td
                    fw={600}
                    c={entry.coverage === "yes" ? "teal.9" : entry.coverage === "partly" ? "#a14400" : undefined}
                  >
                    {t(`coverage.${entry.coverage}`)}
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

function statusName(words: ReturnType<typeof useReviewWords>, status: string | null): string {
  return status && status in STATUS_LABELS ? words.status(status as Status) : (status ?? "—");
}
