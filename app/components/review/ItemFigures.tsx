// Parts of the review drawer: an item's figures, its figures per subgroup (small groups suppressed on the
// server), and the panel's comments and suggested rewordings, unattributed.
import { Badge, Button, Group, List, Stack, Table, Tabs, Text } from "@mantine/core";
import type { SerializeFrom } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { MiniHistogram } from "~/components/charts/DistributionBars";
import type { ReviewItem } from "~/models/decision.server";
import { useReviewWords } from "./status";

type Item = SerializeFrom<ReviewItem>;

export function FiguresTable({ item }: { item: Item }) {
  const { t } = useTranslation("review");
  const { num, pct } = useReviewWords();
  const f = item.figures;
  if (!f) return null;
  const o = f.overall;
  const rows: [string, string][] = [
    [t("figures.rated"), `${o.nRated} / ${o.nNoOpinion}`],
    [t("figures.bands"), `${pct(o.agreePct)} · ${pct(o.neutralPct)} · ${pct(o.disagreePct)}`],
    [t("figures.median"), `${num(o.median)} (${num(o.q1)}–${num(o.q3)})`],
    [t("figures.iqr"), num(o.iqr)],
    [t("figures.mean"), `${num(o.mean)} ± ${num(o.sd)}`],
    [t("figures.mode"), o.modes.length ? o.modes.join(", ") : "–"],
  ];
  if (f.rand)
    rows.push([
      t("figures.rand"),
      t(f.rand.disagreement ? "figures.randValue" : "figures.randValueNone", {
        ipr: num(f.rand.ipr),
        ipras: num(f.rand.ipras),
      }),
    ]);
  return (
    <Table withRowBorders={false} verticalSpacing={2} fz="sm" aria-label={t("figures.label")}>
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

const SUBGROUPS = ["byStakeholderType", "byCountry", "byGender", "byLanguage"] as const;

export function SubgroupTables({ item }: { item: Item }) {
  const { t } = useTranslation("review");
  const { num, pct } = useReviewWords();
  const f = item.figures;
  if (!f) return null;
  return (
    <Tabs defaultValue="byStakeholderType" variant="outline">
      <Tabs.List>
        {SUBGROUPS.map((key) => (
          <Tabs.Tab key={key} value={key}>
            {t(`figures.${key}`)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {SUBGROUPS.map((key) => (
        <Tabs.Panel key={key} value={key} pt="xs">
          <Table verticalSpacing={2} fz="xs" aria-label={t(`figures.${key}Label`)}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t(`figures.${key}`)}</Table.Th>
                <Table.Th ta="right">{t("figures.n")}</Table.Th>
                <Table.Th ta="right">{t("figures.agree")}</Table.Th>
                <Table.Th ta="right">{t("figures.groupMedian")}</Table.Th>
                <Table.Th ta="right">{t("figures.groupIqr")}</Table.Th>
                <Table.Th>{t("figures.ratings")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {f[key].map((g) => (
                <Table.Tr key={String(g.group)}>
                  <Table.Td>{g.group === null ? t("figures.notGiven") : String(g.group)}</Table.Td>
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
  const { t } = useTranslation("review");
  return (
    <Stack gap="xs">
      <Text size="sm" fw={600}>
        {t("figures.comments", { n: item.comments.length })}
      </Text>
      {item.comments.length ? (
        <List size="sm" spacing={4}>
          {item.comments.map((c, i) => {
            const language = item.commentLanguages[i] ?? null;
            return (
              <List.Item key={i} style={{ whiteSpace: "pre-wrap" }} lang={language ?? undefined}>
                {language && (
                  <Badge
                    size="xs"
                    variant="light"
                    mr={6}
                    title={t("figures.writtenIn", { language })}
                    data-testid="language-badge"
                  >
                    {language.toUpperCase()}
                  </Badge>
                )}
                {/* Its own direction: the badge's Latin letters must not make an Arabic comment left-to-right. */}
                <span dir="auto">{c}</span>
              </List.Item>
            );
          })}
        </List>
      ) : (
        <Text size="sm">{t("figures.noComments")}</Text>
      )}
      <Text size="sm" fw={600}>
        {t("figures.suggestions", { n: item.suggestions.length })}
      </Text>
      {item.suggestions.length ? (
        <Stack gap={6}>
          {item.suggestions.map((s, i) => (
            <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
              <Text size="sm" style={{ whiteSpace: "pre-wrap", flex: 1 }} dir="auto">
                {s}
              </Text>
              {onUse && (
                <Button
                  size="compact-xs"
                  variant="default"
                  onClick={() => onUse(s)}
                  aria-label={t("figures.useSuggestion", { n: i + 1 })}
                >
                  {t("figures.use")}
                </Button>
              )}
            </Group>
          ))}
        </Stack>
      ) : (
        <Text size="sm">{t("figures.noSuggestions")}</Text>
      )}
      <Text size="xs" c="dimmed">
        {t("figures.unattributed")}
      </Text>
    </Stack>
  );
}
