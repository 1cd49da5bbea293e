// How a restructured version was reshaped: each merge, split, move, addition and rename with its keys
// (before → in the version) and the moderators' rationale, as recorded between the rounds of its study.
import { Badge, Stack, Table, Text, Title } from "@mantine/core";
import type { StructureChanges as Changes } from "~/models/publish.server";

const COLOURS = {
  merged: "grape.8",
  split: "orange.9",
  moved: "cyan.9",
  added: "teal.9",
  renamed: "indigo.8",
} as const;

export function StructureChanges({ version, steps }: { version: number; steps: Changes["steps"] }) {
  return (
    <Stack gap="xs" component="section" aria-labelledby={`structure-${version}`}>
      <Title order={2} size="h4" id={`structure-${version}`}>
        Structure changes in version {version}
      </Title>
      <Table striped verticalSpacing={4} fz="sm" aria-label={`Structure changes in version ${version}`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Change</Table.Th>
            <Table.Th>Kind</Table.Th>
            <Table.Th>From</Table.Th>
            <Table.Th>To</Table.Th>
            <Table.Th ta="right">After round</Table.Th>
            <Table.Th>Rationale</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {steps.map((st, i) => (
            <Table.Tr key={i} data-testid={`structure-${st.change}`}>
              <Table.Td>
                <Badge color={COLOURS[st.change]} size="sm">
                  {st.change}
                </Badge>
              </Table.Td>
              <Table.Td>{st.kind}</Table.Td>
              <Table.Td>{st.proposal ? `proposal ${st.proposal}` : st.from.join(", ") || "–"}</Table.Td>
              <Table.Td>{st.to.join(", ")}</Table.Td>
              <Table.Td ta="right">{st.afterRound}</Table.Td>
              <Table.Td maw={360}>
                <Text size="sm">{st.rationale}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
