// The panellist's own proposals on the voting page: this round's (withdrawable while it is open) and what the
// moderators made of those of earlier rounds ("Your proposal P-3: accepted as II.3.4"), beside what became of
// the items they rated. Rendered once per page.
import { Alert, List } from "@mantine/core";
import { useFetcher } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import type { VotingView } from "~/models/voting.server";

export function OwnProposals({ view }: { view: Pick<VotingView, "proposals" | "round"> }) {
  const { t } = useTranslation("voting");
  const { current, earlier } = view.proposals;
  const open = view.round.status === "open";
  return (
    <>
      {earlier.length > 0 && (
        <Alert color="blue" title={t("proposals.outcomesTitle")} data-testid="proposal-outcomes">
          <List size="sm">
            {earlier.map((p) => (
              <List.Item key={p.number} data-testid={`proposal-outcome-${p.label}`}>
                {t("proposals.outcome", { label: p.label, round: p.round, target: p.target, outcome: p.outcomeText })}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {current.length > 0 && (
        <section className="vote-card" aria-label={t("proposals.current")} data-testid="own-proposals">
          <span className="vote-question">{t("proposals.current")}</span>
          <ul className="vote-levels">
            {current.map((p) => (
              <OwnProposal key={p.number} proposal={p} open={open} />
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function OwnProposal({ proposal: p, open }: { proposal: VotingView["proposals"]["current"][number]; open: boolean }) {
  const { t } = useTranslation("voting");
  const fetcher = useFetcher<{ error: string | null }>();
  return (
    <li data-testid={`own-proposal-${p.label}`}>
      <Trans
        t={t}
        i18nKey="proposals.under"
        values={{ label: p.label, target: p.target }}
        components={{ strong: <strong /> }}
      />{" "}
      <span dir="auto">{p.kind === "indicator" ? p.statement : p.change}</span>{" "}
      <span className="vote-note">
        — <span dir="auto">{p.reason}</span>
      </span>
      {open && (
        <fetcher.Form method="post" style={{ display: "inline" }}>
          <input type="hidden" name="intent" value="withdraw" />
          <input type="hidden" name="number" value={p.number} />{" "}
          <button type="submit" disabled={fetcher.state !== "idle"}>
            {t("proposals.withdraw")}
          </button>
          {fetcher.data?.error && (
            <span role="alert" className="vote-save" data-error>
              {fetcher.data.error}
            </span>
          )}
        </fetcher.Form>
      )}
    </li>
  );
}
