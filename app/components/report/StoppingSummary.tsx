// The report's statement of the stopping rule: the criteria, each closed round's verdict, and whether the
// study ended by the rule (data from app/models/stopping.server.ts via the report).
import { List, Text } from "@mantine/core";

export interface StoppingSummaryProps {
  stopping: {
    sentence: string;
    text: string;
    verdicts: { round: number; stop: boolean; reasons: string[] }[];
  };
}

export function StoppingSummary({ stopping }: StoppingSummaryProps) {
  return (
    <div data-testid="report-stopping">
      <Text size="sm" mt="sm">
        {stopping.sentence}
      </Text>
      {stopping.verdicts.length > 0 && (
        <List size="sm" spacing={4} mt={4}>
          {stopping.verdicts.map((v) => (
            <List.Item key={v.round}>
              After round {v.round}: <strong>{v.stop ? "stop" : "continue"}</strong> — {v.reasons.join("; ")}
            </List.Item>
          ))}
        </List>
      )}
      <Text size="sm" mt={4} fw={500}>
        {stopping.text}
      </Text>
    </div>
  );
}
