// The parts of the consensus rule the moderator sets beside the preset: the minimum of answers per item
// and the stopping rule. Both are stored in the rule and locked with it when round 1 opens.
import { Checkbox, Fieldset, Group, NativeSelect, Stack, Text, TextInput } from "@mantine/core";

export function RuleSettings({ fieldError }: { fieldError: (path: string) => string | undefined }) {
  return (
    <>
      <Fieldset legend="Minimum of answers per item (locked with the rule)">
        <Group align="flex-start" grow>
          <TextInput
            label="At least this many rated answers"
            description="“No opinion” does not count. Below it the item is “insufficient answers”, never validated."
            name="minAnswers"
            type="number"
            min={1}
            defaultValue={3}
            error={fieldError("minAnswers.count") ?? fieldError("minAnswers")}
          />
          <TextInput
            label="and at least this % of the panel (optional)"
            description="Rounded up; with both, the larger applies."
            name="minAnswersPct"
            type="number"
            min={1}
            max={100}
            error={fieldError("minAnswers.panelPct")}
          />
        </Group>
      </Fieldset>
      <Fieldset legend="Stopping rule (fixed before round 1, locked with the rule)">
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            After each closed round the review page says whether the rule says stop: any one ticked criterion is enough.
            The report states the rule and whether the study ended by it.
          </Text>
          <Group align="flex-end" gap="sm">
            <Checkbox name="stopItems" label="Stop when at least" defaultChecked />
            <TextInput
              aria-label="Share of items"
              name="stopItemsPct"
              type="number"
              min={1}
              max={100}
              defaultValue={80}
              w={90}
              rightSection="%"
              error={fieldError("stopping.itemsReached.pct")}
            />
            <Text size="sm">of the round&apos;s items are</Text>
            <NativeSelect
              aria-label="Statuses that count"
              name="stopItemsStatuses"
              data={[
                { value: "validated", label: "validated" },
                { value: "settled", label: "validated or dropped" },
              ]}
            />
          </Group>
          <Group align="flex-end" gap="sm">
            <Checkbox name="stopStable" label="Stop when every item still open is stable: at most" defaultChecked />
            <TextInput
              aria-label="Largest share of panellists changing band"
              name="stopStableChanged"
              type="number"
              min={0}
              max={100}
              defaultValue={15}
              w={90}
              rightSection="%"
              error={fieldError("stopping.stability.maxChangedPct")}
            />
            <Text size="sm">changed band and Wilcoxon p ≥</Text>
            <TextInput
              aria-label="Smallest Wilcoxon p-value"
              name="stopStableP"
              type="number"
              step="any"
              min={0}
              max={1}
              defaultValue={0.05}
              w={90}
              error={fieldError("stopping.stability.minWilcoxonP")}
            />
          </Group>
          <TextInput
            label="Stop after at most this many rounds (optional)"
            name="stopMaxRounds"
            type="number"
            min={1}
            max={100}
            defaultValue={3}
            w={260}
            error={fieldError("stopping.maxRounds") ?? fieldError("stopping")}
          />
        </Stack>
      </Fieldset>
    </>
  );
}
