// The anonymity promise of a consultation in plain words, for the role reading it; the full guarantee per
// mode × role (and the tests that prove each line) is in docs/security.md, "Anonymity guarantee".
import { Alert, List, Text } from "@mantine/core";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { useConsultationLabels } from "./consultation/labels";

type Mode = "anonymous" | "quasi-anonymous" | string;

function promises(t: TFunction<"consultation">, anonymity: Mode, role: string, minGroupSize: number): string[] {
  const quasi = anonymity === "quasi-anonymous";
  const common = [
    t("anonymity.nobodySees"),
    t("anonymity.pseudonyms"),
    t("anonymity.smallGroups", { size: minGroupSize }),
  ];
  if (role === "panellist") return [quasi ? t("anonymity.panellistQuasi") : t("anonymity.panellist"), ...common];
  return [quasi ? t("anonymity.staffQuasi") : t("anonymity.staff"), ...common];
}

export function AnonymityGuarantee({
  anonymity,
  role,
  minGroupSize,
}: {
  anonymity: Mode;
  role: string;
  minGroupSize: number;
}) {
  const { t } = useTranslation("consultation");
  const labels = useConsultationLabels();
  return (
    <Alert
      variant="light"
      color="blue"
      mt="sm"
      title={t("anonymity.title", { mode: labels.anonymity(anonymity) })}
      data-testid="anonymity-guarantee"
    >
      <List size="sm" spacing={2}>
        {promises(t, anonymity, role, minGroupSize).map((p) => (
          <List.Item key={p}>
            <Text size="sm">{p}</Text>
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
