// One item of the voting page: its wording, the previous round's feedback, the rating scale (autosaved),
// comment and suggested rewording, and the panel's shared rationale opened on demand.
import { Alert, Button, Card, Group, List, Stack, Text, Textarea } from "@mantine/core";
import { useState } from "react";
import { ItemFeedback } from "~/components/ItemFeedback";
import { RatingScale, type RatingValue } from "~/components/RatingScale";
import { RationaleEditor } from "~/components/RationaleEditor";
import type { VotingView } from "~/models/voting.server";
import { documentName } from "../../../shared/delphi/documents";

export type Item = VotingView["items"][number];
type SaveState = { state: "idle" | "saving" | "saved" | "error"; message?: string; savedAt?: string };

export async function callApi(path: string, method: string, body?: unknown) {
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  const payload = await res.json().catch(() => null);
  if (!res.ok) throw new Error(payload?.error?.message ?? `Saving failed (${res.status})`);
  return payload;
}

export function ItemCard({
  item,
  view,
  onAnswered,
}: {
  item: Item;
  view: VotingView;
  onAnswered(id: string, answered: boolean): void;
}) {
  const open = view.round.status === "open" && view.role === "panellist";
  const [value, setValue] = useState<RatingValue | undefined>(item.rating ? item.rating.value : undefined);
  const [comment, setComment] = useState(item.rating?.comment ?? "");
  const [suggestion, setSuggestion] = useState(item.rating?.suggestion ?? "");
  // Opened on demand: one live connection per item the panellist is looking at, not per item of the round.
  const [showRationale, setShowRationale] = useState(false);
  const [save, setSave] = useState<SaveState>(
    item.rating ? { state: "saved", savedAt: item.rating.savedAt } : { state: "idle" },
  );

  const persist = async (next: { value: RatingValue; comment: string; suggestion: string }) => {
    setSave({ state: "saving" });
    try {
      const saved = await callApi(`/rounds/${view.round.id}/items/${item.id}/rating`, "PUT", next);
      setSave({ state: "saved", savedAt: saved.savedAt });
      onAnswered(item.id, true);
    } catch (error) {
      setSave({ state: "error", message: (error as Error).message });
    }
  };
  const label = `${item.key}${item.kind === "levels" ? " levels" : ""}`;

  return (
    <Card withBorder id={`item-${item.key}`} data-testid={`item-${item.key}`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <div>
            <Text size="xs" c="dimmed" fw={600}>
              {item.key} · {item.kind === "levels" ? "the five level descriptors" : item.kind}
            </Text>
            {Array.isArray(item.wording) ? (
              <List type="ordered" size="sm" spacing={2}>
                {item.wording.map((l, i) => (
                  <List.Item key={i}>{l}</List.Item>
                ))}
              </List>
            ) : (
              <Text fw={500}>{item.wording}</Text>
            )}
          </div>
          <Text
            size="xs"
            aria-live="polite"
            c={save.state === "error" ? "red.8" : "dimmed"}
            style={{ whiteSpace: "nowrap" }}
          >
            {save.state === "saving" && "Saving…"}
            {save.state === "saved" && `Saved ${save.savedAt ? new Date(save.savedAt).toLocaleTimeString() : ""}`}
            {save.state === "error" && "Not saved"}
          </Text>
        </Group>
        {item.feedback && <ItemFeedback feedback={item.feedback} points={view.consultation.scalePoints} />}
        <RatingScale
          points={view.consultation.scalePoints}
          value={value}
          disabled={!open}
          label={`Your rating of ${label}`}
          onChange={(v) => {
            setValue(v);
            void persist({ value: v, comment, suggestion });
          }}
        />
        {save.state === "error" && (
          <Alert color="red" role="alert" p="xs">
            {save.message}{" "}
            <Button
              size="compact-xs"
              variant="white"
              onClick={() => value !== undefined && persist({ value, comment, suggestion })}
            >
              Retry
            </Button>
          </Alert>
        )}
        {value !== undefined && (
          <Group grow align="flex-start" wrap="wrap">
            <Textarea
              label="Comment (optional)"
              size="xs"
              autosize
              minRows={1}
              value={comment}
              disabled={!open}
              onChange={(e) => setComment(e.currentTarget.value)}
              onBlur={() =>
                (comment !== (item.rating?.comment ?? "") || save.state !== "saved") &&
                persist({ value, comment, suggestion })
              }
              miw={220}
            />
            <Textarea
              label="Suggested rewording (optional)"
              size="xs"
              autosize
              minRows={1}
              value={suggestion}
              disabled={!open}
              onChange={(e) => setSuggestion(e.currentTarget.value)}
              onBlur={() => persist({ value, comment, suggestion })}
              miw={220}
            />
          </Group>
        )}
        <div>
          <Button
            variant="subtle"
            size="compact-sm"
            aria-expanded={showRationale}
            onClick={() => setShowRationale((v) => !v)}
            data-testid="rationale-toggle"
          >
            {showRationale ? "Hide" : "Open"} the panel's shared rationale and proposed wording
          </Button>
          {showRationale && (
            <RationaleEditor
              docName={documentName("rationale", item.id)}
              editable={open}
              displayName={view.pseudonym ?? (view.role === "observer" ? "Observer" : "Moderator")}
              colour="#1d4ed8"
              label={`Shared rationale for ${label}`}
            />
          )}
        </div>
      </Stack>
    </Card>
  );
}
