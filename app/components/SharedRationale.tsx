// The panel's shared rationale of an item as it stood when its round closed: read-only, never live.
// Plain elements (app/styles/voting.css): shown on round pages beside every carried-over item.
export function SharedRationale({ round, text }: { round: number; text: string }) {
  return (
    <blockquote className="shared-rationale" data-testid="shared-rationale">
      <p className="vote-kind">The panel&apos;s shared rationale in round {round} (read-only)</p>
      <p className="shared-rationale-text">{text}</p>
    </blockquote>
  );
}
