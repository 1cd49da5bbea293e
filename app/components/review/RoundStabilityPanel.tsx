// The review page's "Stability and agreement" tab: the round's panel agreement and each item's stability since
// the round before, to help decide whether another round is worth holding. Aggregates only.
import { Stack, Text } from "@mantine/core";
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
  return (
    <Stack gap="sm">
      <Text size="sm">
        Panel agreement over every item of round {round}, among the panellists who gave a scale point to every item (“no
        opinion” or an unanswered item leaves a panellist out): Fleiss&apos; kappa (agreement beyond chance) on the
        scale points and on the agree / neutral / disagree bands, and Kendall&apos;s W (how alike panellists rank the
        items). 0 = chance or no concordance, 1 = complete.
      </Text>
      {agreement ? (
        <PanelAgreementTable rounds={[agreement]} caption={`Panel agreement in round ${round}`} />
      ) : (
        <Text size="sm">No figures: the round has no answers.</Text>
      )}
      <Text size="sm">
        Stability since the previous round, per item, among the panellists who gave it a scale point in both rounds: how
        many changed band, the Wilcoxon signed-rank test of their paired ratings (a small p means the ratings moved),
        and how their IQR and agreement changed.
      </Text>
      {round === 1 ? (
        <Text size="sm">Round 1 has no previous round to compare with.</Text>
      ) : (
        <ItemStabilityTable items={items} caption={`Stability from round ${round - 1} to round ${round}`} />
      )}
    </Stack>
  );
}
