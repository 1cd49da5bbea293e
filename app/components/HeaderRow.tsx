// A table's header row from its column names: every header cell scoped to its column, so screen readers
// announce it with each cell. A column is a name, or a name with alignment / a hidden label for icon columns.
import { Table, VisuallyHidden } from "@mantine/core";

export type HeaderColumn = string | { label: string; align?: "right"; hidden?: boolean };

export function HeaderRow({ columns }: { columns: readonly HeaderColumn[] }) {
  return (
    <Table.Thead>
      <Table.Tr>
        {columns.map((c) => {
          const { label, align, hidden } = typeof c === "string" ? { label: c } : c;
          return (
            <Table.Th key={label} scope="col" ta={align}>
              {hidden ? <VisuallyHidden>{label}</VisuallyHidden> : label}
            </Table.Th>
          );
        })}
      </Table.Tr>
    </Table.Thead>
  );
}
