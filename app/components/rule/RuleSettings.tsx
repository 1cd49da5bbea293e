// The parts of the consensus rule the moderator sets beside the preset: the minimum of answers per item
// and the stopping rule. Both are stored in the rule and locked with it when round 1 opens.
import { Checkbox, Fieldset, Group, NativeSelect, Stack, Text, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";

export function RuleSettings({ fieldError }: { fieldError: (path: string) => string | undefined }) {
  const { t } = useTranslation("consultation");
  // Each field's message, by the path the schema names it with.
  const errors = {
    minAnswers: fieldError("minAnswers.count") ?? fieldError("minAnswers"),
    minAnswersPct: fieldError("minAnswers.panelPct"),
    stopItemsPct: fieldError("stopping.itemsReached.pct"),
    stopStableChanged: fieldError("stopping.stability.maxChangedPct"),
    stopStableP: fieldError("stopping.stability.minWilcoxonP"),
    stopMaxRounds: fieldError("stopping.maxRounds") ?? fieldError("stopping"),
  };
  return (
    <>
      <Fieldset legend={t("rule.minimum")}>
        <Group align="flex-start" grow>
          <TextInput
            label={t("rule.minAnswers")}
            description={t("rule.minAnswersHint")}
            name="minAnswers"
            type="number"
            min={1}
            defaultValue={3}
            error={errors.minAnswers}
          />
          <TextInput
            label={t("rule.minPct")}
            description={t("rule.minPctHint")}
            name="minAnswersPct"
            type="number"
            min={1}
            max={100}
            error={errors.minAnswersPct}
          />
        </Group>
      </Fieldset>
      <Fieldset legend={t("rule.stopping")}>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t("rule.stoppingHint")}
          </Text>
          <Group align="flex-end" gap="sm">
            <Checkbox name="stopItems" label={t("rule.stopItems")} defaultChecked />
            <TextInput
              aria-label={t("rule.stopItemsPct")}
              name="stopItemsPct"
              type="number"
              min={1}
              max={100}
              defaultValue={80}
              w={90}
              rightSection="%"
              error={errors.stopItemsPct}
            />
            <Text size="sm">{t("rule.stopItemsOf")}</Text>
            <NativeSelect
              aria-label={t("rule.stopItemsStatuses")}
              name="stopItemsStatuses"
              data={[
                { value: "validated", label: t("rule.statusValidated") },
                { value: "settled", label: t("rule.statusSettled") },
              ]}
            />
          </Group>
          <Group align="flex-end" gap="sm">
            <Checkbox name="stopStable" label={t("rule.stopStable")} defaultChecked />
            <TextInput
              aria-label={t("rule.stopStableChanged")}
              name="stopStableChanged"
              type="number"
              min={0}
              max={100}
              defaultValue={15}
              w={90}
              rightSection="%"
              error={errors.stopStableChanged}
            />
            <Text size="sm">{t("rule.stopStableOf")}</Text>
            <TextInput
              aria-label={t("rule.stopStableP")}
              name="stopStableP"
              type="number"
              step="any"
              min={0}
              max={1}
              defaultValue={0.05}
              w={90}
              error={errors.stopStableP}
            />
          </Group>
          <TextInput
            label={t("rule.maxRounds")}
            name="stopMaxRounds"
            type="number"
            min={1}
            max={100}
            defaultValue={3}
            w={260}
            error={errors.stopMaxRounds}
          />
        </Stack>
      </Fieldset>
    </>
  );
}
