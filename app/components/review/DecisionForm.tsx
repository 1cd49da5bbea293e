// A moderator's decision on one item: accept the computed status or override it (rationale required),
// with new wording or level descriptors where the decision needs them, beside the panel's comments.
import { Alert, Button, Group, Radio, SimpleGrid, Stack, Text, Textarea } from "@mantine/core";
import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { PanelVoices } from "./ItemFigures";
import { noticeText, useReviewWords, type Item, type ReviewActionResult, type Status } from "./status";

const OVERRIDES = ["validated", "reformulate", "reevaluate", "dropped"] as const;

export function DecisionForm({ item, onDecided }: { item: Item; onDecided: (m: string) => void }) {
  // Not keyed: a fetcher per opening of the drawer, so an earlier save does not close it again.
  const fetcher = useFetcher<ReviewActionResult>();
  const { t } = useTranslation("review");
  const words = useReviewWords();
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
  const rationaleError = fieldError("rationale");
  const wordingError = fieldError("newWording");

  useEffect(() => {
    if (fetcher.state === "idle" && result?.ok) onDecided(noticeText(t, result.notice));
  }, [fetcher.state, result, onDecided, t]);

  const options = OVERRIDES.filter((s) => s !== accepted && !(s === "dropped" && item.kind === "levels"));
  return (
    <fetcher.Form method="post" aria-label={t("decision.formLabel", { key: item.key })}>
      <input type="hidden" name="intent" value="decide" />
      <input type="hidden" name="itemId" value={item.id} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Stack gap="sm">
          <Radio.Group name="decision" label={t("decision.label")} value={choice} onChange={setChoice} required>
            <Stack gap={6} mt={4}>
              <Radio
                value="accept"
                label={
                  accepted !== computed
                    ? t("decision.acceptAs", { status: words.status(computed), accepted: words.status(accepted) })
                    : t("decision.accept", { status: words.status(computed) })
                }
              />
              {options.map((s) => (
                <Radio key={s} value={s} label={t("decision.override", { choice: t(`decision.overrides.${s}`) })} />
              ))}
            </Stack>
          </Radio.Group>
          <Textarea
            name="rationale"
            label={override ? t("decision.rationaleRequired") : t("decision.rationaleOptional")}
            description={
              override ? t("decision.why", { final: words.status(final), computed: words.status(computed) }) : undefined
            }
            defaultValue={item.rationale ?? ""}
            required={override}
            autosize
            minRows={2}
            error={rationaleError}
          />
          {final !== "dropped" && final !== "reformulate" && (
            <Text size="xs" c="dimmed">
              {t(final === "validated" ? "decision.minorPublished" : "decision.minorNextRound", {
                status: words.status(final).toLowerCase(),
              })}
            </Text>
          )}
          {(final === "reformulate" || final === "validated" || final === "reevaluate") &&
            (Array.isArray(item.wording) ? (
              <Stack gap={6}>
                <Text size="sm" fw={500}>
                  {final === "reformulate" ? t("decision.newLevels") : t("decision.editLevels")}
                </Text>
                {[0, 1, 2, 3, 4].map((i) => (
                  <Textarea
                    key={i}
                    name="newLevel"
                    label={t("decision.level", { n: i + 1 })}
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
                {wordingError && (
                  <Text size="sm" c="red.8">
                    {wordingError}
                  </Text>
                )}
              </Stack>
            ) : (
              <Textarea
                name="newWording"
                label={final === "reformulate" ? t("decision.newWording") : t("decision.editWording")}
                value={text}
                onChange={(e) => setText(e.currentTarget.value)}
                autosize
                minRows={3}
                required={final === "reformulate"}
                error={wordingError}
              />
            ))}
          {failure && !failure.details.length && (
            <Alert color="red" role="alert">
              {failure.error}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={fetcher.state !== "idle"}>
              {t("decision.save")}
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
