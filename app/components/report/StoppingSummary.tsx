// The report's statement of the stopping rule: the criteria, each closed round's verdict, and whether the
// study ended by the rule (data from app/models/stopping.server.ts via the report).
import { List, Text } from "@mantine/core";
import { Trans, useTranslation } from "react-i18next";

export interface StoppingSummaryProps {
  stopping: {
    sentence: string;
    text: string;
    verdicts: { round: number; stop: boolean; reasons: string[] }[];
  };
}

export function StoppingSummary({ stopping }: StoppingSummaryProps) {
  const { t } = useTranslation("report");
  return (
    <div data-testid="report-stopping">
      <Text size="sm" mt="sm">
        {stopping.sentence}
      </Text>
      {stopping.verdicts.length > 0 && (
        <List size="sm" spacing={4} mt={4}>
          {stopping.verdicts.map((v) => (
            <List.Item key={v.round}>
              <Trans
                t={t}
                i18nKey={v.stop ? "stopping.stop" : "stopping.continue"}
                values={{ round: v.round, reasons: v.reasons.join("; ") }}
                components={{ strong: <strong /> }}
              />
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
