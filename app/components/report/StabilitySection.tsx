// The study report's section on stability between rounds and panel agreement (the PDF draws the same tables).
import { Anchor, List, Stack, Text } from "@mantine/core";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import {
  ItemStabilityTable,
  PanelAgreementTable,
  type ShownAgreement,
  type ShownStability,
} from "../review/StabilityFigures";

export function StabilitySection({
  stability,
  consultationId,
}: {
  stability: { method: string[]; rounds: ShownAgreement[]; items: ShownStability[] };
  consultationId: string;
}) {
  const { t } = useTranslation("report");
  return (
    <Stack gap="sm">
      <List size="sm" spacing={4}>
        {stability.method.map((m) => (
          <List.Item key={m}>{m}</List.Item>
        ))}
      </List>
      {stability.rounds.length ? (
        <PanelAgreementTable rounds={stability.rounds} caption={t("stability.perRound")} />
      ) : (
        <Text size="sm">{t("stability.noRound")}</Text>
      )}
      <ItemStabilityTable
        items={stability.items}
        caption={t("stability.items")}
        itemLink={(key, label) => (
          <Anchor component={Link} to={`/consultations/${consultationId}/items/${encodeURIComponent(key)}`}>
            {label}
          </Anchor>
        )}
      />
    </Stack>
  );
}
