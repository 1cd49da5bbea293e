// How a restructured version was reshaped: each merge, split, move, addition and rename with its keys
// (before → in the version) and the moderators' rationale, as recorded between the rounds of its study.
import { Badge, Stack, Table, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { StructureChanges as Changes } from "~/models/publish.server";

const COLOURS = {
  merged: "grape.8",
  split: "orange.9",
  moved: "cyan.9",
  added: "teal.9",
  renamed: "indigo.8",
} as const;

/** Item kinds with a name in the models catalog (kind.*); another is shown as it is. */
const KINDS = new Set(["domain", "subdomain", "indicator", "levels"]);

export function StructureChanges({ version, steps }: { version: number; steps: Changes["steps"] }) {
  const { t } = useTranslation("models");
  return (
    <Stack gap="xs" component="section" aria-labelledby={`structure-${version}`}>
      <Title order={2} size="h4" id={`structure-${version}`}>
        {t("structure.title", { version })}
      </Title>
      <Table striped verticalSpacing={4} fz="sm" aria-label={t("structure.title", { version })}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("structure.column.change")}</Table.Th>
            <Table.Th>{t("structure.column.kind")}</Table.Th>
            <Table.Th>{t("structure.column.from")}</Table.Th>
            <Table.Th>{t("structure.column.to")}</Table.Th>
            <Table.Th ta="right">{t("structure.column.afterRound")}</Table.Th>
            <Table.Th>{t("structure.column.rationale")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {steps.map((st, i) => (
            <Table.Tr key={i} data-testid={`structure-${st.change}`}>
              <Table.Td>
                <Badge color={COLOURS[st.change]} size="sm">
                  {t(`change.${st.change}`)}
                </Badge>
              </Table.Td>
              <Table.Td>{KINDS.has(st.kind) ? t(`kind.${st.kind as "domain"}`) : st.kind}</Table.Td>
              <Table.Td>
                {st.proposal ? t("structure.proposal", { label: st.proposal }) : st.from.join(", ") || "–"}
              </Table.Td>
              <Table.Td>{st.to.join(", ")}</Table.Td>
              <Table.Td ta="right">{st.afterRound}</Table.Td>
              <Table.Td maw={360}>
                <Text size="sm" dir="auto">
                  {st.rationale}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
