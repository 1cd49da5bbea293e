// The moderators' round-wide actions: accept every computed status still undecided, and publish the
// consensus as the model's next version (last round only), after a confirmation saying what it builds.
import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { Form, useFetcher, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { noticeText, type Review, type ReviewActionResult } from "./status";

export function ReviewActions({
  review,
  onNotice,
}: {
  review: Review;
  onNotice: (notice: { text: string; ok: boolean }) => void;
}) {
  const { consultation, round, publish } = review;
  const bulk = useFetcher<ReviewActionResult>();
  const navigation = useNavigation();
  const [confirmPublish, setConfirmPublish] = useState(false);
  const { t } = useTranslation("review");
  useEffect(() => {
    if (bulk.state === "idle" && bulk.data)
      onNotice(
        bulk.data.ok ? { text: noticeText(t, bulk.data.notice), ok: true } : { text: bulk.data.error, ok: false },
      );
  }, [bulk.state, bulk.data, onNotice, t]);

  return (
    <>
      <Group gap="sm" align="center" wrap="wrap">
        <bulk.Form method="post">
          <input type="hidden" name="intent" value="accept-all" />
          <input type="hidden" name="roundId" value={round.id} />
          <Button type="submit" variant="default" loading={bulk.state !== "idle"} disabled={publish.undecided === 0}>
            {t("actions.acceptAll")}
          </Button>
        </bulk.Form>
        {publish.isLastRound && (
          <Button onClick={() => setConfirmPublish(true)} disabled={publish.blocker !== null}>
            {t("actions.publish", { version: publish.nextVersion })}
          </Button>
        )}
        {publish.isLastRound && publish.blocker && (
          <Text size="sm">{t("actions.publishing", { blocker: publish.blocker })}</Text>
        )}
        {!publish.isLastRound && publish.blocker && (
          <Text size="sm">{t("actions.blocker", { blocker: publish.blocker })}</Text>
        )}
      </Group>
      <Modal
        opened={confirmPublish}
        onClose={() => setConfirmPublish(false)}
        title={t("actions.confirmTitle", { version: publish.nextVersion })}
      >
        <Form method="post" onSubmit={() => setConfirmPublish(false)}>
          <input type="hidden" name="intent" value="publish" />
          <input type="hidden" name="baseVersion" value={consultation.model.version} />
          <Stack>
            <Text size="sm">
              {t("actions.confirmText", {
                next: publish.nextVersion,
                model: consultation.model.name,
                version: consultation.model.version,
                round: round.number,
              })}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirmPublish(false)}>
                {t("actions.cancel")}
              </Button>
              <Button type="submit" loading={navigation.state !== "idle"}>
                {t("actions.confirm", { version: publish.nextVersion })}
              </Button>
            </Group>
          </Stack>
        </Form>
      </Modal>
    </>
  );
}
