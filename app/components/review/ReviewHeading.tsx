// The top of the review page: which round of which study, the rule and scale, the computed statuses
// and how many items are decided; then the observer's and the published round's notices.
import { Alert, Anchor, Badge, Group, Stack, Text, Title } from "@mantine/core";
import { Link } from "@remix-run/react";
import { STATUSES, STATUS_LABELS, type Review } from "./status";

export function ReviewHeading({ review }: { review: Review }) {
  const { consultation, round, publish } = review;
  const counts = STATUSES.map((s) => ({ status: s, n: review.items.filter((i) => i.status === s).length }));
  const decidedCount = review.items.length - publish.undecided;
  return (
    <>
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
    </>
  );
}
