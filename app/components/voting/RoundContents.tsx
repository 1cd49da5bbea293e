// The table of contents of a long round: every section (a domain's own items, or a subdomain with its
// indicators and level sets) under the part it is answered in, each with "answered x of y" and a link to it.
// Counts of the part on screen follow the panellist's answers as they are saved.
import { Card, Text } from "@mantine/core";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { VotingView } from "~/models/voting.server";
import { sectionOf } from "../../../shared/delphi/parts";

export function RoundContents({ view, answeredHere }: { view: VotingView; answeredHere: ReadonlySet<string> }) {
  const { t } = useTranslation("voting");
  const { parts, sections, part } = view.outline;
  if (parts.length < 2) return null;
  // On the part shown, the live count: items of each section answered on this page now.
  const live = new Map<string, number>();
  for (const item of view.items)
    if (answeredHere.has(item.id)) live.set(sectionOf(item), (live.get(sectionOf(item)) ?? 0) + 1);
  const current = (part ?? 0) + 1;
  return (
    <Card withBorder component="nav" aria-label={t("contents.label")} data-testid="round-contents" p="sm">
      <details>
        <summary>
          <Text span size="sm" fw={600}>
            {t("contents.summary", { sections: sections.length, parts: parts.length })}
          </Text>
        </summary>
        {/* Plain elements: this list is on every page of a long round, and Mantine's per-element markup would
            double its weight (tests/integration/voting-page.test.ts bounds the page's size). */}
        {parts.map((p, i) => {
          const inPart = sections.filter((s) => s.part === i + 1);
          const here = i + 1 === current;
          const answered = here ? inPart.reduce((n, s) => n + (live.get(s.key) ?? 0), 0) : p.answered;
          return (
            <div key={p.first}>
              <Text size="sm" fw={500} mt="xs">
                {t("contents.part", { part: i + 1, answered, items: p.items })}
              </Text>
              <ul style={{ listStyle: "none", margin: 0, paddingLeft: 8, fontSize: "var(--mantine-font-size-sm)" }}>
                {inPart.map((s) => {
                  const done = here ? (live.get(s.key) ?? 0) : s.answered;
                  return (
                    <li key={s.key} data-testid="contents-section">
                      {/* On this part a plain anchor: a router link to "#…" would drop ?part= and reload. */}
                      {here ? (
                        <a href={`#group-${s.key}`}>{`${s.key} ${s.title}`}</a>
                      ) : (
                        <Link to={`?part=${i + 1}#group-${s.key}`}>{`${s.key} ${s.title}`}</Link>
                      )}{" "}
                      <span
                        style={{
                          color: done === s.items ? "var(--mantine-color-green-8)" : "var(--mantine-color-dimmed)",
                        }}
                      >
                        {t("contents.answered", { done, items: s.items })}
                      </span>
                    </li>
                  );
                })}
              </ul>
            </div>
          );
        })}
      </details>
    </Card>
  );
}
