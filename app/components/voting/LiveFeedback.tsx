// Real-Time Delphi beside an item the panellist answered: the group's figures as last published (batched, none
// below the minimum group size), their own answer marked, the panel's reasons sorted by text, whether the group
// moved since they answered, and — when their answer lies outside the IQR — a request (not a demand) for a reason.
import type { VotingView } from "~/models/voting.server";
import { Histogram } from "~/components/ItemFeedback";
import { outsideIqr } from "../../../shared/delphi/live-release";

type Live = NonNullable<VotingView["items"][number]["live"]>;

const fmt = (n: number | null, digits = 1) => (n === null ? "–" : Number(n.toFixed(digits)).toString());

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
  if (!live.figures)
    return (
      <div className="feedback" data-testid="live-feedback" data-shown="false">
        <p className="vote-note">
          The panel&apos;s answers are shown once at least {live.minGroupSize} panellists have answered this item.
        </p>
      </div>
    );
  const f = live.figures;
  const outside = own !== undefined && outsideIqr(own, f);
  return (
    <div className="feedback" data-testid="live-feedback" data-shown="true">
      {live.changedSinceAnswer && (
        <p className="vote-note" data-testid="panel-changed" role="status">
          The panel changed since you answered.
        </p>
      )}
      <p className="feedback-title" data-testid="live-figures">
        The panel now: {f.nRated} ratings{f.nNoOpinion ? `, ${f.nNoOpinion} no opinion` : ""} · median {fmt(f.median)} ·
        IQR {fmt(f.q1)}–{fmt(f.q3)} · agreement {f.agreePct === null ? "–" : `${Math.round(f.agreePct)} %`}
      </p>
      <Histogram counts={f.counts} own={own ?? undefined} points={points} />
      {own === null && <p className="vote-note">Your answer: no opinion</p>}
      {outside && (
        <p className="vote-note" data-testid="reason-request" data-answered={hasReason || undefined}>
          Your answer lies outside the middle half of the panel&apos;s answers (IQR {fmt(f.q1)}–{fmt(f.q3)}).
          {hasReason ? " Thank you for your reason." : " Would you give your reason in the comment below? (optional)"}
        </p>
      )}
      {live.comments.length > 0 && (
        <div>
          <p className="feedback-title">The panel&apos;s reasons (anonymous):</p>
          <ul className="feedback-comments" data-testid="live-comments">
            {live.comments.map((c, i) => (
              <li key={i}>{c}</li>
            ))}
          </ul>
        </div>
      )}
      {live.at && <p className="vote-note">Updated {new Date(live.at).toLocaleTimeString()}</p>}
    </div>
  );
}
