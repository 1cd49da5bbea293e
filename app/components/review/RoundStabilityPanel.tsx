// The review page's "Stability and agreement" tab: the round's panel agreement and each item's stability since
// the round before, to help decide whether another round is worth holding. Aggregates only.
import { Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ItemStabilityTable, PanelAgreementTable, type ShownAgreement, type ShownStability } from "./StabilityFigures";

export function RoundStabilityPanel({
  round,
  agreement,
  items,
}: {
  round: number;
  agreement: ShownAgreement | null;
  items: ShownStability[];
}) {
  const { t } = useTranslation("review");
  return (
    <Stack gap="sm">
      <Text size="sm">{t("stability.intro", { round })}</Text>
      {agreement ? (
        <PanelAgreementTable rounds={[agreement]} caption={t("stability.agreementCaption", { round })} />
      ) : (
        <Text size="sm">{t("stability.noAnswers")}</Text>
      )}
      <Text size="sm">{t("stability.itemsIntro")}</Text>
      {round === 1 ? (
        <Text size="sm">{t("stability.firstRound")}</Text>
      ) : (
        <ItemStabilityTable items={items} caption={t("stability.itemsCaption", { from: round - 1, to: round })} />
      )}
    </Stack>
  );
}
