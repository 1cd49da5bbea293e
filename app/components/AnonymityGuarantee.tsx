// The anonymity promise of a consultation in plain words, for the role reading it; the full guarantee per
// mode × role (and the tests that prove each line) is in docs/security.md, "Anonymity guarantee".
import { Alert, List, Text } from "@mantine/core";

type Mode = "anonymous" | "quasi-anonymous" | string;

function promises(anonymity: Mode, role: string, minGroupSize: number): string[] {
  const quasi = anonymity === "quasi-anonymous";
  const common = [
    "Nobody — moderators, observers and administrators included — sees any individual answer before the round closes.",
    "After it closes, answers are shown under a random pseudonym (“Expert 58”) that says nothing about who you are or when you were invited; comments are listed in an order that carries no identity.",
    `Figures for a group smaller than ${minGroupSize} (a stakeholder type, a country, …) are not shown.`,
  ];
  if (role === "panellist")
    return [
      quasi
        ? "Other panellists never learn who you are. The moderators know who is on the panel and who has not finished a round (to remind you), but never which answers are yours."
        : "Other panellists never learn who you are. The moderators know who is on the panel, but not which pseudonym or which answers are yours, nor whether you have finished a round — only how many have.",
      ...common,
    ];
  return [
    quasi
      ? "You manage the panel as people (name, email, invited, joined) and see who has not finished a round; you never see which pseudonym, rating, comment or suggestion is whose."
      : "You manage the panel as people (name, email, invited, joined); you see answers only under pseudonyms, never which pseudonym is whose, and of who has not finished only the count.",
    ...common,
  ];
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
  return (
    <Alert variant="light" color="blue" mt="sm" title={`Anonymity: ${anonymity}`} data-testid="anonymity-guarantee">
      <List size="sm" spacing={2}>
        {promises(anonymity, role, minGroupSize).map((p) => (
          <List.Item key={p}>
            <Text size="sm">{p}</Text>
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
