// The panel's shared rationale of an item as it stood when its round closed: read-only, never live.
import { Blockquote, Text } from "@mantine/core";

export function SharedRationale({ round, text }: { round: number; text: string }) {
  return (
    <Blockquote mt="xs" p="xs" color="gray" data-testid="shared-rationale">
      <Text size="xs" fw={600} c="dimmed">
        The panel&apos;s shared rationale in round {round} (read-only)
      </Text>
      <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
        {text}
      </Text>
    </Blockquote>
  );
}
