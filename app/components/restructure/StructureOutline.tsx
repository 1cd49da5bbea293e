// The model as restructured so far (keys as the next round and the published version will have them), and
// the restructurings recorded after each round with their rationale; the latest can be undone.
import { Badge, Button, Card, Group, List, Stack, Text, Title } from "@mantine/core";
import { Form } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import type { RestructuringView } from "~/models/structure.server";
import type { Structure } from "../../../shared/model/restructure";

export function StructureOutline({ structure }: { structure: Structure }) {
  const { t } = useTranslation("restructure");
  return (
    <Card withBorder data-testid="structure-outline">
      <Title order={2} size="h4" mb="xs">
        {t("outline.title")}
      </Title>
      <List size="sm" spacing={2}>
        {structure.map((d) => (
          <List.Item key={d.id}>
            <Text span fw={700} size="sm" dir="auto">
              {d.key} {d.title}
            </Text>
            <List size="sm" withPadding>
              {d.subdomains.map((s) => (
                <List.Item key={s.id} data-testid={`outline-${s.key}`}>
                  <Text span fw={600} size="sm" dir="auto">
                    {s.key} {s.title}
                  </Text>
                  <List size="xs" withPadding>
                    {s.indicators.map((i) => (
                      <List.Item key={i.id} data-testid={`outline-${i.key}`}>
                        <span dir="auto">
                          {i.key} {i.statement}
                        </span>
                      </List.Item>
                    ))}
                  </List>
                </List.Item>
              ))}
            </List>
          </List.Item>
        ))}
      </List>
    </Card>
  );
}

export function RecordedRestructurings({
  restructurings,
  canUndo,
}: {
  restructurings: RestructuringView[];
  canUndo: boolean;
}) {
  const { t } = useTranslation("restructure");
  if (!restructurings.length) return <Text size="sm">{t("recorded.none")}</Text>;
  const last = restructurings[restructurings.length - 1]!;
  return (
    <Stack gap={4} data-testid="restructurings">
      {restructurings.map((r) => (
        <Group key={r.id} gap="xs" wrap="nowrap" data-testid={`restructuring-${r.seq}`}>
          <Badge size="sm">{r.step ? t(`recorded.change.${r.step.change}`) : r.operation}</Badge>
          <Text size="sm">
            <Trans
              t={t}
              i18nKey={r.step ? "recorded.step" : "recorded.noStep"}
              values={{
                from: r.step?.from.map((f) => f.key).join(", ") || t("recorded.new"),
                to: r.step?.to.map((k) => k.key).join(", "),
                round: r.afterRound,
                rationale: r.rationale,
              }}
              components={{ text: <span dir="auto" /> }}
            />
          </Text>
        </Group>
      ))}
      {canUndo && (
        <Form method="post">
          <input type="hidden" name="intent" value="undo" />
          <input type="hidden" name="seq" value={last.seq} />
          <Button type="submit" variant="subtle" size="xs">
            {t("recorded.undo")}
          </Button>
        </Form>
      )}
    </Stack>
  );
}
