// The moderator's review of a closed round: every item with its figures, mini-histogram, computed
// status and why; filter and sort; per item a drawer to accept or override the status (rationale
// required) or write the new wording beside the panel's comments; then publish the consensus.
// Observers see the same page read-only.
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Drawer,
  Group,
  List,
  Modal,
  NativeSelect,
  Radio,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  Textarea,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  type SerializeFrom,
} from "@remix-run/node";
import {
  Form,
  Link,
  isRouteErrorResponse,
  useActionData,
  useFetcher,
  useLoaderData,
  useNavigation,
  useRouteError,
} from "@remix-run/react";
import { useCallback, useEffect, useMemo, useState } from "react";
import { DistributionBars, MiniHistogram } from "~/components/charts/DistributionBars";
import { DomainOverview } from "~/components/charts/DomainOverview";
import { RoundChange } from "~/components/charts/RoundChange";
import { WordDiff } from "~/components/charts/WordDiff";
import { useLiveEvents } from "~/components/useLiveEvents";
import {
  acceptComputedStatuses,
  recordDecision,
  reviewViewByNumber,
  type DecisionChoice,
} from "~/models/decision.server";
import { publishConsensus } from "~/models/publish.server";
import { roundStabilityFigures } from "~/models/stability.server";
import { roundStoppingVerdict } from "~/models/stopping.server";
import { StoppingVerdict } from "~/components/review/StoppingVerdict";
import { RoundStabilityPanel } from "~/components/review/RoundStabilityPanel";
import { ItemStabilitySummary, type ShownStability } from "~/components/review/StabilityFigures";
import { FiguresTable, PanelVoices, SubgroupTables } from "~/components/review/ItemFigures";
import { requireUser } from "~/session.server";
import { AppError, httpStatus, type FieldIssue } from "../../shared/errors/app-error";
import { urlInteger } from "../../shared/delphi/schemas";
import { wordDiff } from "../../shared/text/diff";
import { RationaleEditor } from "~/components/RationaleEditor";
import { documentName } from "../../shared/delphi/documents";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `Review of round ${data.review.round.number} · ${data.review.consultation.title} · delphi-mlm`
      : "Review · delphi-mlm",
  },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  try {
    const number = urlInteger(params.number, "round number", 1)!;
    const review = await reviewViewByNumber(context.db, user, params.id!, number);
    return json({
      review,
      stability: await roundStabilityFigures(context.db, params.id!, number),
      stopping: await roundStoppingVerdict(context.db, params.id!, number),
    });
  } catch (error) {
    if (error instanceof AppError) throw new Response(error.message, { status: httpStatus(error.code) });
    throw error;
  }
}

type ActionResult =
  | { ok: true; intent: string; itemId: string | null; message: string }
  | { ok: false; intent: string; itemId: string | null; error: string; details: FieldIssue[] };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const itemId = form.get("itemId") ? String(form.get("itemId")) : null;
  const optional = (name: string) => (form.get(name) === null ? undefined : String(form.get(name)));
  try {
    if (intent === "decide" && itemId) {
      const levels = form.getAll("newLevel").map(String);
      const d = await recordDecision(
        context.db,
        user,
        itemId,
        {
          decision: String(form.get("decision") ?? "") as DecisionChoice,
          rationale: optional("rationale"),
          newWording: levels.length ? levels : optional("newWording"),
        },
        context.events,
      );
      return json<ActionResult>({
        ok: true,
        intent,
        itemId,
        message: `${d.key}: decision recorded (${d.decision}${d.editorial ? ", with minor rewording" : ""})`,
      });
    }
    if (intent === "accept-all") {
      const r = await acceptComputedStatuses(context.db, user, String(form.get("roundId")), context.events);
      const rest = r.needWording
        ? `; ${r.needWording} item${r.needWording === 1 ? "" : "s"} still need new wording or a decision`
        : "";
      return json<ActionResult>({
        ok: true,
        intent,
        itemId: null,
        message: `Accepted the computed status of ${r.accepted} item${r.accepted === 1 ? "" : "s"}${rest}`,
      });
    }
    if (intent === "publish") {
      const published = await publishConsensus(context.db, user, params.id!, context.events);
      const from = /^\d+$/.test(String(form.get("baseVersion"))) ? `from=${form.get("baseVersion")}&` : "";
      return redirect(`/models/${published.modelSlug}/compare?${from}to=${published.versionNumber}`);
    }
    return json<ActionResult>(
      { ok: false, intent, itemId, error: `Unknown action "${intent}"`, details: [] },
      { status: 400 },
    );
  } catch (error) {
    if (error instanceof AppError)
      return json<ActionResult>(
        { ok: false, intent, itemId, error: error.message, details: error.details },
        { status: httpStatus(error.code) },
      );
    throw error;
  }
}

type Review = SerializeFrom<typeof loader>["review"];
type Item = Review["items"][number];
type Status = NonNullable<Item["status"]>;

const STATUS_LABELS: Record<Status, string> = {
  validated: "validated",
  reformulate: "reformulate",
  reevaluate: "re-evaluate",
  dropped: "dropped",
  insufficient: "insufficient answers",
};
// Dark enough for white text at badge size (WCAG AA 4.5:1).
const DECISION_COLOURS: Record<Status, string> = {
  validated: "teal.9",
  reformulate: "#a14400",
  reevaluate: "#6b5200",
  dropped: "red.9",
  insufficient: "gray.8",
};
const DOT_COLOURS: Record<Status, string> = {
  validated: "teal",
  reformulate: "orange",
  reevaluate: "yellow",
  dropped: "red",
  insufficient: "gray",
};
const KIND_LABELS: Record<string, string> = {
  domain: "domain",
  subdomain: "subdomain",
  indicator: "indicator",
  levels: "levels",
};

const pct = (x: number | null | undefined) => (x === null || x === undefined ? "–" : `${Math.round(x)} %`);
const num = (x: number | null | undefined) => (x === null || x === undefined ? "–" : String(Number(x.toFixed(2))));

function ComputedBadge({ status }: { status: Status | null }) {
  if (!status) return <Text size="xs">–</Text>;
  return (
    <Badge
      variant="dot"
      color={DOT_COLOURS[status]}
      size="sm"
      styles={{ root: { color: "var(--mantine-color-text)" } }}
    >
      {STATUS_LABELS[status]}
    </Badge>
  );
}

function DecisionBadge({ item }: { item: Item }) {
  if (!item.decision) return <Text size="xs">undecided</Text>;
  const override = item.decision !== item.status;
  return (
    <Group gap={4} wrap="nowrap">
      <Badge color={DECISION_COLOURS[item.decision]} size="sm">
        {STATUS_LABELS[item.decision]}
      </Badge>
      {override && (
        <Text size="xs" fs="italic">
          override
        </Text>
      )}
    </Group>
  );
}

function WordingText({ item, lines = 2 }: { item: Item; lines?: number }) {
  if (Array.isArray(item.wording))
    return (
      <Text size="sm" lineClamp={lines}>
        <Text span size="xs" c="dimmed">
          5 levels:{" "}
        </Text>
        {item.wording.map((l, i) => `${i + 1}. ${l}`).join(" ")}
      </Text>
    );
  return (
    <Text size="sm" lineClamp={lines}>
      {item.wording}
    </Text>
  );
}

type SortKey = "key" | "agree-asc" | "agree-desc";

export default function ReviewRound() {
  const { review, stability, stopping } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const bulk = useFetcher<typeof action>();
  const navigation = useNavigation();
  const [computed, setComputed] = useState<"all" | Status>("all");
  const [undecidedOnly, setUndecidedOnly] = useState(false);
  const [sort, setSort] = useState<SortKey>("key");
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ text: string; ok: boolean } | null>(null);
  const [confirmPublish, setConfirmPublish] = useState(false);
  const { consultation, round, publish } = review;
  // Decisions by another moderator (and the round's status) refresh the page.
  useLiveEvents(consultation.id);

  const shown = useMemo(() => {
    const rows = review.items.filter(
      (i) => (computed === "all" || i.status === computed) && (!undecidedOnly || i.decision === null),
    );
    if (sort === "key") return rows;
    const agree = (i: Item) => i.figures?.overall.agreePct ?? -1;
    return [...rows].sort((a, b) => (sort === "agree-asc" ? agree(a) - agree(b) : agree(b) - agree(a)));
  }, [review.items, computed, undecidedOnly, sort]);

  const selected = review.items.find((i) => i.id === selectedId) ?? null;
  const close = useCallback(() => setSelectedId(null), []);
  const decided = useCallback((message: string) => {
    setNotice({ text: message, ok: true });
    setSelectedId(null);
  }, []);
  useEffect(() => {
    if (bulk.state === "idle" && bulk.data)
      setNotice(bulk.data.ok ? { text: bulk.data.message, ok: true } : { text: bulk.data.error, ok: false });
  }, [bulk.state, bulk.data]);
  const counts = (["validated", "reformulate", "reevaluate", "dropped", "insufficient"] as const).map((s) => ({
    status: s,
    n: review.items.filter((i) => i.status === s).length,
  }));
  const decidedCount = review.items.length - publish.undecided;
  const publishError = actionData && !actionData.ok && actionData.intent === "publish" ? actionData.error : null;

  return (
    <Stack gap="md">
      <Stack gap={2}>
        <Anchor component={Link} to={`/consultations/${consultation.id}`} size="sm">
          ← {consultation.title}
        </Anchor>
        <Group gap="sm" align="center">
          <Title order={1} size="h2">
            Review of round {round.number}
          </Title>
          <Badge variant="outline" color="dark">
            {round.status}
          </Badge>
        </Group>
        <Text size="sm">
          Model {consultation.model.name}, version {consultation.model.version} · consensus rule{" "}
          <strong>{consultation.rule.name}</strong> · {consultation.scalePoints}-point scale
        </Text>
        <Text size="sm">
          {review.items.length} items ·{" "}
          {counts
            .filter((c) => c.n > 0)
            .map((c) => `${c.n} ${STATUS_LABELS[c.status]}`)
            .join(" · ")}{" "}
          (computed) · {decidedCount} of {review.items.length} decided
        </Text>
      </Stack>

      {review.role === "observer" && (
        <Alert color="gray" title="Read-only">
          You observe this consultation: you see the figures and decisions, only moderators record them.
        </Alert>
      )}
      {round.status === "published" && (
        <Alert color="teal" title="Published">
          The decisions of this round are final.
          {publish.publishedVersion !== null && (
            <>
              {" "}
              <Anchor
                component={Link}
                to={`/models/${consultation.model.slug}/compare?from=${consultation.model.version}&to=${publish.publishedVersion}`}
              >
                Compare version {consultation.model.version} with version {publish.publishedVersion}
              </Anchor>
            </>
          )}
        </Alert>
      )}

      {stopping && <StoppingVerdict verdict={stopping} hasRule={stopping.hasRule} />}

      {review.canDecide && (
        <Group gap="sm" align="center" wrap="wrap">
          <bulk.Form method="post">
            <input type="hidden" name="intent" value="accept-all" />
            <input type="hidden" name="roundId" value={round.id} />
            <Button type="submit" variant="default" loading={bulk.state !== "idle"} disabled={publish.undecided === 0}>
              Accept all computed statuses
            </Button>
          </bulk.Form>
          {publish.isLastRound && (
            <Button onClick={() => setConfirmPublish(true)} disabled={publish.blocker !== null}>
              Publish consensus as version {publish.nextVersion}
            </Button>
          )}
          {publish.isLastRound && publish.blocker && <Text size="sm">Publishing: {publish.blocker}.</Text>}
          {!publish.isLastRound && publish.blocker && <Text size="sm">{publish.blocker}.</Text>}
        </Group>
      )}
      <div role="status" aria-live="polite">
        {notice && (
          <Alert
            color={notice.ok ? "teal" : "red"}
            role="none"
            withCloseButton
            closeButtonLabel="Dismiss"
            onClose={() => setNotice(null)}
          >
            {notice.text}
          </Alert>
        )}
      </div>
      {publishError && (
        <Alert color="red" role="alert" title="Not published">
          {publishError}
        </Alert>
      )}

      <Tabs defaultValue="items" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="items">Items</Tabs.Tab>
          <Tabs.Tab value="overview">Domain overview</Tabs.Tab>
          <Tabs.Tab value="stability">Stability and agreement</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="items" pt="sm">
          <Stack gap="sm">
            <Group gap="md" align="flex-end" wrap="wrap">
              <NativeSelect
                label="Computed status"
                value={computed}
                onChange={(e) => setComputed(e.currentTarget.value as "all" | Status)}
                data={[
                  { value: "all", label: "All" },
                  ...counts.map((c) => ({ value: c.status, label: `${STATUS_LABELS[c.status]} (${c.n})` })),
                ]}
              />
              <NativeSelect
                label="Sort by"
                value={sort}
                onChange={(e) => setSort(e.currentTarget.value as SortKey)}
                data={[
                  { value: "key", label: "Key (model order)" },
                  { value: "agree-asc", label: "Agreement, lowest first" },
                  { value: "agree-desc", label: "Agreement, highest first" },
                ]}
              />
              <Checkbox
                label="Undecided only"
                checked={undecidedOnly}
                onChange={(e) => setUndecidedOnly(e.currentTarget.checked)}
                mb={8}
              />
              <Text size="sm" mb={8}>
                {shown.length} of {review.items.length} shown
              </Text>
            </Group>
            <Table.ScrollContainer minWidth={1000}>
              <Table striped highlightOnHover verticalSpacing="xs" aria-label={`Items of round ${round.number}`}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Key</Table.Th>
                    <Table.Th>Item</Table.Th>
                    <Table.Th ta="right">n</Table.Th>
                    <Table.Th ta="right">Agree</Table.Th>
                    <Table.Th ta="right">Median</Table.Th>
                    <Table.Th ta="right">IQR</Table.Th>
                    <Table.Th>Ratings</Table.Th>
                    <Table.Th>Computed</Table.Th>
                    <Table.Th>Decision</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {shown.map((item) => {
                    const f = item.figures?.overall;
                    return (
                      <Table.Tr key={item.id} data-testid={`review-row-${item.key}`}>
                        <Table.Td fw={700} style={{ whiteSpace: "nowrap" }}>
                          {item.key}
                        </Table.Td>
                        <Table.Td maw={360}>
                          <WordingText item={item} />
                          <Text size="xs" c="dimmed">
                            {KIND_LABELS[item.kind]}
                            {item.history.length > 1 ? ` · carried from round ${item.history[0]!.round}` : ""}
                          </Text>
                        </Table.Td>
                        <Table.Td ta="right">
                          {f?.nRated ?? 0}
                          {f?.nNoOpinion ? (
                            <Text span size="xs" c="dimmed" title="no opinion">
                              {" "}
                              +{f.nNoOpinion}
                            </Text>
                          ) : null}
                        </Table.Td>
                        <Table.Td ta="right">{pct(f?.agreePct)}</Table.Td>
                        <Table.Td ta="right">{num(f?.median)}</Table.Td>
                        <Table.Td ta="right">{num(f?.iqr)}</Table.Td>
                        <Table.Td>{f && <MiniHistogram counts={f.counts} />}</Table.Td>
                        <Table.Td maw={260}>
                          <ComputedBadge status={item.status} />
                          {item.reason && (
                            <Text size="xs" lineClamp={2} title={item.reason}>
                              {item.reason}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <DecisionBadge item={item} />
                        </Table.Td>
                        <Table.Td>
                          <Button
                            size="xs"
                            variant={review.canDecide && !item.decision ? "filled" : "default"}
                            onClick={() => setSelectedId(item.id)}
                            aria-label={`${review.canDecide ? "Decide" : "Details of"} ${item.key}`}
                          >
                            {review.canDecide ? (item.decision ? "Change" : "Decide") : "Details"}
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {shown.length === 0 && <Text size="sm">No item matches these filters.</Text>}
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="overview" pt="sm">
          <Text size="sm" mb="xs">
            Mean agreement of the items rated in each domain and subdomain this round (all item kinds).
          </Text>
          <DomainOverview rows={review.overview} threshold={consultation.rule.agreementThreshold} />
        </Tabs.Panel>
        <Tabs.Panel value="stability" pt="sm">
          <RoundStabilityPanel round={round.number} agreement={stability.agreement} items={stability.items} />
        </Tabs.Panel>
      </Tabs>

      <Drawer
        opened={selected !== null}
        onClose={close}
        position="right"
        size="min(1100px, 100%)"
        title={selected ? `${selected.key} · ${KIND_LABELS[selected.kind]}` : ""}
        closeButtonProps={{ "aria-label": "Close details" }}
      >
        {selected && (
          <ItemDetail
            item={selected}
            review={review}
            stability={stability.items.find((s) => s.key === selected.key) ?? null}
            onDecided={decided}
            key={selected.id}
          />
        )}
      </Drawer>

      <Modal
        opened={confirmPublish}
        onClose={() => setConfirmPublish(false)}
        title={`Publish version ${publish.nextVersion}?`}
      >
        <Form method="post" onSubmit={() => setConfirmPublish(false)}>
          <input type="hidden" name="intent" value="publish" />
          <input type="hidden" name="baseVersion" value={consultation.model.version} />
          <Stack>
            <Text size="sm">
              Version {publish.nextVersion} of {consultation.model.name} will be built from version{" "}
              {consultation.model.version} with every decision applied: validated wording kept, new wording for items to
              reformulate, dropped items removed. Round {round.number} becomes published and its decisions final.
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirmPublish(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={navigation.state !== "idle"}>
                Publish version {publish.nextVersion}
              </Button>
            </Group>
          </Stack>
        </Form>
      </Modal>
    </Stack>
  );
}

function ItemDetail({
  item,
  review,
  stability,
  onDecided,
}: {
  item: Item;
  review: Review;
  stability: ShownStability | null;
  onDecided: (m: string) => void;
}) {
  const f = item.figures?.overall;
  const previous = item.previousWording;
  return (
    <Stack gap="md">
      <Stack gap={4}>
        {Array.isArray(item.wording) ? (
          <List type="ordered" size="sm" spacing={4} aria-label={`Levels of ${item.key.split("/")[0]}`}>
            {item.wording.map((l, i) => (
              <List.Item key={i}>{l}</List.Item>
            ))}
          </List>
        ) : (
          <Text size="sm">{item.wording}</Text>
        )}
        {previous !== null && (
          <Stack gap={2}>
            <Text size="xs" fw={600}>
              Changes since round {item.history[0]?.round ?? review.round.number - 1}:
            </Text>
            {Array.isArray(previous) && Array.isArray(item.wording) ? (
              previous.map((p, i) => <WordDiff key={i} parts={wordDiff(p, (item.wording as string[])[i] ?? "")} />)
            ) : (
              <WordDiff parts={wordDiff(String(previous), String(item.wording))} />
            )}
          </Stack>
        )}
      </Stack>
      <Group gap="xs">
        <Text size="sm" fw={600}>
          Computed:
        </Text>
        <ComputedBadge status={item.status} />
        <Text size="sm">{item.reason}</Text>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Stack gap="sm">
          {f && <DistributionBars counts={f.counts} nNoOpinion={f.nNoOpinion} />}
          <RoundChange history={item.history} />
          {stability && <ItemStabilitySummary stability={stability} />}
        </Stack>
        <Stack gap="sm">
          <FiguresTable item={item} />
          <SubgroupTables item={item} />
        </Stack>
      </SimpleGrid>
      <Stack gap={4}>
        <Text size="sm" fw={600}>
          Panel rationale at close
        </Text>
        <RationaleEditor
          docName={documentName("rationale", item.id)}
          editable={false}
          displayName={review.canDecide ? "Moderator" : "Observer"}
          colour="#1d4ed8"
          label={`Panel rationale for ${item.key}`}
        />
        <Text size="sm" fw={600} mt="xs">
          Moderators' working draft of the new wording{" "}
          {review.canDecide ? "(co-edited live with the other moderators)" : ""}
        </Text>
        <RationaleEditor
          docName={documentName("wording", item.id)}
          editable={review.canDecide && review.round.status === "closed"}
          displayName={review.canDecide ? "Moderator" : "Observer"}
          colour="#9a3412"
          label={`Moderators' wording draft for ${item.key}`}
        />
      </Stack>
      {review.canDecide ? (
        <DecisionForm item={item} onDecided={onDecided} />
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <DecisionSummary item={item} />
          <PanelVoices item={item} />
        </SimpleGrid>
      )}
    </Stack>
  );
}

function DecisionSummary({ item }: { item: Item }) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        Decision
      </Text>
      <DecisionBadge item={item} />
      {item.rationale && <Text size="sm">Rationale: {item.rationale}</Text>}
      {item.newWording &&
        (Array.isArray(item.newWording) ? (
          <List type="ordered" size="sm">
            {item.newWording.map((l, i) => (
              <List.Item key={i}>{l}</List.Item>
            ))}
          </List>
        ) : (
          <Text size="sm">New wording: {item.newWording}</Text>
        ))}
      {item.decidedAt && (
        <Text size="xs" c="dimmed">
          {item.decidedBy ?? "A moderator"}, {new Date(item.decidedAt).toUTCString()}
        </Text>
      )}
    </Stack>
  );
}

const OVERRIDES = ["validated", "reformulate", "reevaluate", "dropped"] as const;
const OVERRIDE_LABELS: Record<Exclude<Status, "insufficient">, string> = {
  validated: "Validated",
  reformulate: "Reformulate (new wording)",
  reevaluate: "Re-evaluate (wording unchanged)",
  dropped: "Drop the item",
};

function DecisionForm({ item, onDecided }: { item: Item; onDecided: (m: string) => void }) {
  // Not keyed: a fetcher per opening of the drawer, so an earlier save does not close it again.
  const fetcher = useFetcher<typeof action>();
  const computed = item.status!;
  // Decisions keep the rule's statuses: accepting "insufficient answers" records re-evaluate.
  const accepted: Status = computed === "insufficient" ? "reevaluate" : computed;
  const [choice, setChoice] = useState<string>(item.decision && item.decision !== accepted ? item.decision : "accept");
  const final = (choice === "accept" ? accepted : choice) as Status;
  const override = final !== accepted;
  const start = item.newWording ?? item.wording;
  const [text, setText] = useState(typeof start === "string" ? start : "");
  const [levels, setLevels] = useState<string[]>(Array.isArray(start) ? start : []);
  const result = fetcher.data && fetcher.data.itemId === item.id ? fetcher.data : null;
  const failure = result && !result.ok ? result : null;
  const fieldError = (path: string) => failure?.details.find((d) => d.path === path)?.message;

  useEffect(() => {
    if (fetcher.state === "idle" && result?.ok) onDecided(result.message);
  }, [fetcher.state, result, onDecided]);

  const options = OVERRIDES.filter((s) => s !== accepted && !(s === "dropped" && item.kind === "levels"));
  return (
    <fetcher.Form method="post" aria-label={`Decision on ${item.key}`}>
      <input type="hidden" name="intent" value="decide" />
      <input type="hidden" name="itemId" value={item.id} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Stack gap="sm">
          <Radio.Group name="decision" label="Decision" value={choice} onChange={setChoice} required>
            <Stack gap={6} mt={4}>
              <Radio
                value="accept"
                label={`Accept the computed status (${STATUS_LABELS[computed]}${accepted !== computed ? `: ${STATUS_LABELS[accepted]}` : ""})`}
              />
              {options.map((s) => (
                <Radio key={s} value={s} label={`Override: ${OVERRIDE_LABELS[s]}`} />
              ))}
            </Stack>
          </Radio.Group>
          <Textarea
            name="rationale"
            label={override ? "Rationale (required for an override)" : "Rationale (optional)"}
            description={override ? `Why ${STATUS_LABELS[final]} rather than ${STATUS_LABELS[computed]}` : undefined}
            defaultValue={item.rationale ?? ""}
            required={override}
            autosize
            minRows={2}
            error={fieldError("rationale")}
          />
          {final !== "dropped" && final !== "reformulate" && (
            <Text size="xs" c="dimmed">
              Minor rewording (optional): an editorial change that does not need re-rating. The item stays{" "}
              {STATUS_LABELS[final].toLowerCase()}; the new wording is{" "}
              {final === "validated" ? "published" : "used in the next round"} and marked &ldquo;editorial&rdquo; in the
              changelog.
            </Text>
          )}
          {(final === "reformulate" || final === "validated" || final === "reevaluate") &&
            (Array.isArray(item.wording) ? (
              <Stack gap={6}>
                <Text size="sm" fw={500}>
                  {final === "reformulate" ? "New level descriptors" : "Level descriptors (edit for a minor rewording)"}
                </Text>
                {[0, 1, 2, 3, 4].map((i) => (
                  <Textarea
                    key={i}
                    name="newLevel"
                    label={`Level ${i + 1}`}
                    value={levels[i] ?? ""}
                    onChange={(e) => {
                      const value = e.currentTarget.value;
                      setLevels((ls) => Object.assign([...ls], { [i]: value }));
                    }}
                    autosize
                    minRows={2}
                    required={final === "reformulate"}
                    error={fieldError(`newWording[${i}]`)}
                  />
                ))}
                {fieldError("newWording") && (
                  <Text size="sm" c="red.8">
                    {fieldError("newWording")}
                  </Text>
                )}
              </Stack>
            ) : (
              <Textarea
                name="newWording"
                label={final === "reformulate" ? "New wording" : "Wording (edit for a minor rewording)"}
                value={text}
                onChange={(e) => setText(e.currentTarget.value)}
                autosize
                minRows={3}
                required={final === "reformulate"}
                error={fieldError("newWording")}
              />
            ))}
          {failure && !failure.details.length && (
            <Alert color="red" role="alert">
              {failure.error}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={fetcher.state !== "idle"}>
              Save decision
            </Button>
          </Group>
        </Stack>
        <PanelVoices
          item={item}
          onUse={final === "reformulate" && !Array.isArray(item.wording) ? (s) => setText(s) : undefined}
        />
      </SimpleGrid>
    </fetcher.Form>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? typeof error.data === "string"
      ? error.data
      : `${error.status} ${error.statusText}`
    : "Something went wrong; please try again.";
  return (
    <Stack maw={720}>
      <Title order={1} size="h2">
        Round review unavailable
      </Title>
      <Alert color="red" role="alert">
        {message}
      </Alert>
      <Anchor component={Link} to="/consultations">
        Back to the consultations
      </Anchor>
    </Stack>
  );
}
