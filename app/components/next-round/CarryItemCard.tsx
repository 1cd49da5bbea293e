// One item of round N on the "prepare round N+1" page: carried or not (pre-set from the decision), the
// wording round N+1 starts with, the panel's suggestions and its shared rationale (read-only).
import { Badge, Card, Checkbox, Group, List, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { Trans, useTranslation } from "react-i18next";
import type { ProposedItem } from "~/models/next-round.server";
import { SharedRationale } from "../SharedRationale";

export const STATUS_COLOURS: Record<string, string> = {
  validated: "green",
  reformulate: "orange",
  reevaluate: "yellow",
  dropped: "red",
  insufficient: "gray",
};

export function CarryItemCard({ item, round }: { item: ProposedItem; round: number }) {
  const { t } = useTranslation("consultation");
  const shown = item.decision ?? item.status;
  return (
    <Card withBorder data-testid={`carry-${item.key}`}>
      <Group justify="space-between" wrap="wrap">
        <Checkbox
          name="carry"
          value={item.key}
          label={item.kind === "levels" ? t("next.levels", { key: item.key }) : `${item.key} `}
          defaultChecked={item.carry}
          description={item.because}
        />
        <Group gap="xs">
          {shown && (
            <Badge color={STATUS_COLOURS[shown]} variant="light">
              {t(`itemStatus.${shown}`)}
            </Badge>
          )}
          <Text size="xs" c="dimmed">
            {item.reason}
          </Text>
        </Group>
      </Group>
      {Array.isArray(item.proposedWording) ? (
        <Stack gap={4} mt="xs">
          {item.proposedWording.map((l, i) => (
            <TextInput
              key={i}
              size="xs"
              label={t("next.level", { number: i + 1 })}
              name={`wording:${item.key}:${i}`}
              defaultValue={l}
              dir="auto"
            />
          ))}
        </Stack>
      ) : (
        <Textarea
          mt="xs"
          size="sm"
          label={t("next.wording")}
          name={`wording:${item.key}`}
          defaultValue={item.proposedWording}
          autosize
          minRows={1}
          dir="auto"
        />
      )}
      {item.suggestions.length > 0 && (
        <List size="xs" mt="xs">
          {item.suggestions.map((s, i) => (
            <List.Item key={i}>
              <Trans
                t={t}
                i18nKey="next.suggestion"
                values={{ suggestion: s }}
                components={{ text: <span dir="auto" /> }}
              />
            </List.Item>
          ))}
        </List>
      )}
      {item.rationale && <SharedRationale round={round} text={item.rationale} />}
    </Card>
  );
}
