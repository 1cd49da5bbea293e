// The top of the review page: which round of which study, the rule and scale, the computed statuses
// and how many items are decided; then the observer's and the published round's notices.
import { Alert, Anchor, Badge, Group, Stack, Text, Title } from "@mantine/core";
import { Link } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { STATUSES, useReviewWords, type Review } from "./status";

export function ReviewHeading({ review }: { review: Review }) {
  const { consultation, round, publish } = review;
  const counts = STATUSES.map((s) => ({ status: s, n: review.items.filter((i) => i.status === s).length }));
  const decidedCount = review.items.length - publish.undecided;
  const { t } = useTranslation("review");
  const words = useReviewWords();
  const roundStatus = round.status as "draft" | "open" | "closed" | "published";
  return (
    <>
      <Stack gap={2}>
        <Anchor component={Link} to={`/consultations/${consultation.id}`} size="sm">
          ← {consultation.title}
        </Anchor>
        <Group gap="sm" align="center">
          <Title order={1} size="h2">
            {t("heading.title", { round: round.number })}
          </Title>
          <Badge variant="outline" color="dark">
            {t(`roundStatus.${roundStatus}`)}
          </Badge>
        </Group>
        <Text size="sm">
          <Trans
            t={t}
            i18nKey="heading.model"
            values={{
              model: consultation.model.name,
              version: consultation.model.version,
              rule: consultation.rule.name,
              points: consultation.scalePoints,
            }}
            components={{ strong: <strong /> }}
          />
        </Text>
        <Text size="sm">
          {t("heading.counts", {
            count: review.items.length,
            decided: decidedCount,
            statuses: counts
              .filter((c) => c.n > 0)
              .map((c) => t("heading.statusCount", { n: c.n, status: words.status(c.status) }))
              .join(" · "),
          })}
        </Text>
      </Stack>

      {review.role === "observer" && (
        <Alert color="gray" title={t("heading.readOnly")}>
          {t("heading.observer")}
        </Alert>
      )}
      {round.status === "published" && (
        <Alert color="teal" title={t("heading.published")}>
          {t("heading.final")}
          {publish.publishedVersion !== null && (
            <>
              {" "}
              <Anchor
                component={Link}
                to={`/models/${consultation.model.slug}/compare?from=${consultation.model.version}&to=${publish.publishedVersion}`}
              >
                {t("heading.compare", { from: consultation.model.version, to: publish.publishedVersion })}
              </Anchor>
            </>
          )}
        </Alert>
      )}
    </>
  );
}
