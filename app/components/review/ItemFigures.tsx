// Parts of the review drawer: an item's figures, its figures per subgroup (small groups suppressed on the
// server), and the panel's comments and suggested rewordings, unattributed.
import { Badge, Button, Group, List, Stack, Table, Tabs, Text } from "@mantine/core";
import type { SerializeFrom } from "@remix-run/node";
import { MiniHistogram } from "~/components/charts/DistributionBars";
import type { ReviewItem } from "~/models/decision.server";
import { num, pct } from "./status";

type Item = SerializeFrom<ReviewItem>;

export function FiguresTable({ item }: { item: Item }) {
  const f = item.figures;
  if (!f) return null;
  const o = f.overall;
  const rows: [string, string][] = [
    ["Rated / no opinion", `${o.nRated} / ${o.nNoOpinion}`],
    ["Agree · neutral · disagree", `${pct(o.agreePct)} · ${pct(o.neutralPct)} · ${pct(o.disagreePct)}`],
    ["Median (Q1–Q3)", `${num(o.median)} (${num(o.q1)}–${num(o.q3)})`],
    ["IQR", num(o.iqr)],
    ["Mean ± SD", `${num(o.mean)} ± ${num(o.sd)}`],
    ["Mode", o.modes.length ? o.modes.join(", ") : "–"],
  ];
  if (f.rand)
    rows.push([
      "RAND/UCLA",
      `IPR ${num(f.rand.ipr)} vs IPRAS ${num(f.rand.ipras)}: ${f.rand.disagreement ? "disagreement" : "no disagreement"}`,
    ]);
  return (
    <Table withRowBorders={false} verticalSpacing={2} fz="sm" aria-label="Figures">
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th fw={500} w={200}>
              {label}
            </Table.Th>
            <Table.Td>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

const SUBGROUPS = [
  ["byStakeholderType", "Stakeholder type"],
  ["byCountry", "Country"],
  ["byGender", "Gender"],
  ["byLanguage", "Language"],
] as const;

export function SubgroupTables({ item }: { item: Item }) {
  const f = item.figures;
  if (!f) return null;
  return (
    <Tabs defaultValue="byStakeholderType" variant="outline">
      <Tabs.List>
        {SUBGROUPS.map(([key, label]) => (
          <Tabs.Tab key={key} value={key}>
            {label}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {SUBGROUPS.map(([key, label]) => (
        <Tabs.Panel key={key} value={key} pt="xs">
          <Table verticalSpacing={2} fz="xs" aria-label={`Figures by ${label.toLowerCase()}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{label}</Table.Th>
                <Table.Th ta="right">n</Table.Th>
                <Table.Th ta="right">Agree</Table.Th>
                <Table.Th ta="right">Median</Table.Th>
                <Table.Th ta="right">IQR</Table.Th>
                <Table.Th>Ratings</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {f[key].map((g) => (
                <Table.Tr key={String(g.group)}>
                  <Table.Td>{g.group === null ? "not given" : String(g.group)}</Table.Td>
                  {g.suppressed ? (
                    // Below the consultation's minimum group size: a group that small is a person's answer.
                    <Table.Td colSpan={5}>{g.note}</Table.Td>
                  ) : (
                    <>
                      <Table.Td ta="right">{g.figures.nRated}</Table.Td>
                      <Table.Td ta="right">{pct(g.figures.agreePct)}</Table.Td>
                      <Table.Td ta="right">{num(g.figures.median)}</Table.Td>
                      <Table.Td ta="right">{num(g.figures.iqr)}</Table.Td>
                      <Table.Td>
                        <MiniHistogram counts={g.figures.counts} width={48} height={16} />
                      </Table.Td>
                    </>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}

export function PanelVoices({ item, onUse }: { item: Item; onUse?: (text: string) => void }) {
  return (
    <Stack gap="xs">
      <Text size="sm" fw={600}>
        Panel comments ({item.comments.length})
      </Text>
      {item.comments.length ? (
        <List size="sm" spacing={4}>
          {item.comments.map((c, i) => {
            const language = item.commentLanguages[i] ?? null;
            return (
              <List.Item key={i} style={{ whiteSpace: "pre-wrap" }} lang={language ?? undefined}>
                {language && (
                  <Badge size="xs" variant="light" mr={6} title={`Written in ${language}`} data-testid="language-badge">
                    {language.toUpperCase()}
                  </Badge>
                )}
                {c}
              </List.Item>
            );
          })}
        </List>
      ) : (
        <Text size="sm">No comments.</Text>
      )}
      <Text size="sm" fw={600}>
        Suggested rewordings ({item.suggestions.length})
      </Text>
      {item.suggestions.length ? (
        <Stack gap={6}>
          {item.suggestions.map((s, i) => (
            <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
              <Text size="sm" style={{ whiteSpace: "pre-wrap", flex: 1 }}>
                {s}
              </Text>
              {onUse && (
                <Button
                  size="compact-xs"
                  variant="default"
                  onClick={() => onUse(s)}
                  aria-label={`Use suggestion ${i + 1}`}
                >
                  Use
                </Button>
              )}
            </Group>
          ))}
        </Stack>
      ) : (
        <Text size="sm">No suggested rewording.</Text>
      )}
      <Text size="xs" c="dimmed">
        Shown without names, in alphabetical order.
      </Text>
    </Stack>
  );
}
