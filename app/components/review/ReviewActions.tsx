// The moderators' round-wide actions: accept every computed status still undecided, and publish the
// consensus as the model's next version (last round only), after a confirmation saying what it builds.
import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { Form, useFetcher, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { Review, ReviewActionResult } from "./status";

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
  useEffect(() => {
    if (bulk.state === "idle" && bulk.data)
      onNotice(bulk.data.ok ? { text: bulk.data.message, ok: true } : { text: bulk.data.error, ok: false });
  }, [bulk.state, bulk.data, onNotice]);

  return (
    <>
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
    </>
  );
}
