// "Submit round" on the voting page. With every item answered it submits; with items left blank it first asks,
// listing them with links to each (in its part of a long round): "no opinion" counts as an answer, a blank does
// not, and a round submitted with blanks counts as partial. The server refuses a partial submission the
// panellist did not confirm (confirmPartial), and any submission with nothing answered.
import { Alert, Button, Group, List, Modal, ScrollArea, Stack, Text } from "@mantine/core";
import { Link } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";
import type { VotingView } from "~/models/voting.server";
import { ApiError, callApi } from "./api";

export function SubmitRound({
  view,
  answeredHere,
  answeredCount,
}: {
  view: VotingView;
  /** Items of the part shown that are answered now (the server's list is as of the page load). */
  answeredHere: ReadonlySet<string>;
  answeredCount: number;
}) {
  const { t } = useTranslation("voting");
  const f = useFormat();
  const [submitted, setSubmitted] = useState(view.submitted);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const total = view.outline.total;
  const currentPart = (view.outline.part ?? 0) + 1;
  const unanswered = view.outline.unanswered.filter((u) => !answeredHere.has(u.id));
  const blank = unanswered.length;
  /** The count as i18next's plural (count) and as the page's language writes it (n: "1,234"). */
  const blanks = { count: blank, n: f.number(blank) };

  const submit = async (confirmPartial: boolean) => {
    setBusy(true);
    try {
      await callApi(`/rounds/${view.round.id}/submit`, "POST", confirmPartial ? { confirmPartial: true } : {});
      setSubmitted(true);
      setError(null);
      setAsking(false);
    } catch (e) {
      setError(e instanceof ApiError && !e.message ? t("answer.failed", { status: e.status }) : (e as Error).message);
      setAsking(false);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Group mt={6} gap="xs">
        {/* Submitting twice changes nothing (answers save as they are given), so a submitted round says so
            instead of offering the button again. */}
        {submitted ? (
          <Text size="sm" fw={600} c="teal.9" data-testid="submitted">
            {t("submit.submitted")}
          </Text>
        ) : (
          <Button size="sm" loading={busy} onClick={() => (blank > 0 ? setAsking(true) : void submit(false))}>
            {t("submit.button")}
          </Button>
        )}
        {blank > 0 && (
          <Text size="xs" c="dimmed" data-testid="unanswered-count">
            {t("submit.stillUnanswered", blanks)}{" "}
            <JumpTo item={unanswered[0]!} currentPart={currentPart}>
              {t("submit.nextUnanswered", { key: unanswered[0]!.key })}
            </JumpTo>
          </Text>
        )}
      </Group>
      {error && (
        <Text c="red.8" size="sm" role="alert" mt={4}>
          {error}
        </Text>
      )}
      <Modal
        opened={asking}
        onClose={() => setAsking(false)}
        title={answeredCount === 0 ? t("submit.nothingYet") : t("submit.unansweredTitle", blanks)}
        size="lg"
      >
        <Stack gap="sm">
          <Text size="sm">
            {answeredCount === 0
              ? t("submit.noneAnswered", { total: f.number(total) })
              : t("submit.partial", { answered: f.number(answeredCount), total: f.number(total) })}
          </Text>
          <ScrollArea.Autosize mah={260}>
            <List size="sm" spacing={2} aria-label={t("submit.unansweredList")} data-testid="unanswered-list">
              {unanswered.map((u) => (
                <List.Item key={u.id}>
                  <JumpTo item={u} currentPart={currentPart} onClick={() => setAsking(false)}>
                    {u.key}
                  </JumpTo>
                  {view.outline.parts.length > 1 && t("submit.inPart", { part: u.part })}
                </List.Item>
              ))}
            </List>
          </ScrollArea.Autosize>
          {answeredCount > 0 && (
            <Alert color="yellow" p="xs">
              {t("submit.canStill")}
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setAsking(false)} data-autofocus>
              {t("submit.goBack")}
            </Button>
            {answeredCount > 0 && (
              <Button color="orange" loading={busy} onClick={() => void submit(true)}>
                {t("submit.withBlanks", blanks)}
              </Button>
            )}
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** A link to an item on this page, or to the part of the round that holds it. */
function JumpTo(props: {
  item: { key: string; part: number };
  currentPart: number;
  onClick?: () => void;
  children: React.ReactNode;
}) {
  const { item, currentPart, onClick, children } = props;
  return item.part === currentPart ? (
    <a href={`#item-${item.key}`} onClick={onClick}>
      {children}
    </a>
  ) : (
    <Link to={`?part=${item.part}#item-${item.key}`} onClick={onClick}>
      {children}
    </Link>
  );
}
