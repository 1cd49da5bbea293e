// Real-Time Delphi beside an item the panellist answered: the group's figures as last published (batched, none
// below the minimum group size), their own answer marked, the panel's reasons sorted by text, whether the group
// moved since they answered, and — when their answer lies outside the IQR — a request (not a demand) for a reason.
import { useTranslation } from "react-i18next";
import type { VotingView } from "~/models/voting.server";
import { Histogram } from "~/components/ItemFeedback";
import { useFormat } from "~/i18n/format";
import { outsideIqr } from "../../../shared/delphi/live-release";

type Live = NonNullable<VotingView["items"][number]["live"]>;

export function LiveFeedback({
  live,
  own,
  points,
  hasReason,
}: {
  live: Live;
  own: number | null | undefined;
  points: number;
  hasReason: boolean;
}) {
  const { t } = useTranslation("voting");
  const format = useFormat();
  // One decimal at most ("3.5", "4"), as the page's language writes it.
  const oneDecimal = new Intl.NumberFormat(format.locale, { maximumFractionDigits: 1, useGrouping: false });
  const fmt = (n: number | null) => (n === null ? "–" : oneDecimal.format(Number(n.toFixed(1))));
  if (!live.figures)
    return (
      <div className="feedback" data-testid="live-feedback" data-shown="false">
        <p className="vote-note">{t("live.minGroup", { count: live.minGroupSize })}</p>
      </div>
    );
  const f = live.figures;
  const outside = own !== undefined && outsideIqr(own, f);
  const figures = {
    count: f.nRated,
    noOpinion: format.number(f.nNoOpinion),
    median: fmt(f.median),
    q1: fmt(f.q1),
    q3: fmt(f.q3),
    agreement: f.agreePct === null ? "–" : t("feedback.percent", { value: format.number(Math.round(f.agreePct)) }),
  };
  return (
    <div className="feedback" data-testid="live-feedback" data-shown="true">
      {live.changedSinceAnswer && (
        <p className="vote-note" data-testid="panel-changed" role="status">
          {t("live.changed")}
        </p>
      )}
      <p className="feedback-title" data-testid="live-figures">
        {f.nNoOpinion ? t("live.figuresNoOpinion", figures) : t("live.figures", figures)}
      </p>
      <Histogram counts={f.counts} own={own ?? undefined} points={points} />
      {own === null && <p className="vote-note">{t("live.ownNoOpinion")}</p>}
      {outside && (
        <p className="vote-note" data-testid="reason-request" data-answered={hasReason || undefined}>
          {hasReason ? t("live.outsideThanks", figures) : t("live.outsideAsk", figures)}
        </p>
      )}
      {live.comments.length > 0 && (
        <div>
          <p className="feedback-title">{t("live.reasons")}</p>
          <ul className="feedback-comments" data-testid="live-comments">
            {live.comments.map((c, i) => (
              <li key={i} dir="auto">
                {c}
              </li>
            ))}
          </ul>
        </div>
      )}
      {live.at && (
        <p className="vote-note">{t("live.updated", { time: new Date(live.at).toLocaleTimeString(format.locale) })}</p>
      )}
    </div>
  );
}
