// "Propose a missing indicator / a change" at a domain's or subdomain's heading of the voting page. Plain
// elements (voting.css): the closed control is one <details> per heading, and its form is rendered only once
// opened, so a long round's page does not carry a form per section (docs/decisions/busy-requests.md).
import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";

type Result = { error: string | null; proposed?: string };

export function ProposeControl({ target, title }: { target: string; title: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="vote-propose" onToggle={(e) => setOpen(e.currentTarget.open)} data-testid={`propose-${target}`}>
      <summary>Propose a missing indicator / a change</summary>
      {open && <ProposalForm target={target} title={title} />}
    </details>
  );
}

function ProposalForm({ target, title }: { target: string; title: string }) {
  const fetcher = useFetcher<Result>();
  const [kind, setKind] = useState<"indicator" | "restructuring">("indicator");
  const [form, setForm] = useState<HTMLFormElement | null>(null);
  const done = fetcher.state === "idle" && fetcher.data?.proposed;
  useEffect(() => {
    if (done) form?.reset();
  }, [done, form]);
  const id = (name: string) => `propose-${target}-${name}`;
  return (
    <fetcher.Form method="post" className="vote-propose-form" ref={setForm} aria-label={`Propose under ${target}`}>
      <input type="hidden" name="intent" value="propose" />
      <input type="hidden" name="target" value={target} />
      <p className="vote-note">
        Under {target} {title}. The moderators read proposals after the round closes, without your name or pseudonym.
      </p>
      <fieldset className="vote-propose-kind">
        <legend>What do you propose?</legend>
        <label>
          <input
            type="radio"
            name="kind"
            value="indicator"
            checked={kind === "indicator"}
            onChange={() => setKind("indicator")}
          />{" "}
          A missing indicator
        </label>
        <label>
          <input
            type="radio"
            name="kind"
            value="restructuring"
            checked={kind === "restructuring"}
            onChange={() => setKind("restructuring")}
          />{" "}
          A change to the structure (merge, move, split)
        </label>
      </fieldset>
      {kind === "indicator" ? (
        <>
          <label htmlFor={id("statement")}>Indicator statement</label>
          <textarea id={id("statement")} name="statement" rows={2} required maxLength={5000} />
          <details>
            <summary>Level descriptors (optional, all five)</summary>
            {[1, 2, 3, 4, 5].map((l) => (
              <div key={l}>
                <label htmlFor={id(`level${l}`)}>Level {l}</label>
                <input id={id(`level${l}`)} name={`level${l}`} maxLength={2000} />
              </div>
            ))}
          </details>
        </>
      ) : (
        <>
          <label htmlFor={id("change")}>What to merge, move or split</label>
          <textarea id={id("change")} name="change" rows={2} required maxLength={5000} />
        </>
      )}
      <label htmlFor={id("reason")}>Why</label>
      <textarea id={id("reason")} name="reason" rows={2} required maxLength={5000} />
      <div className="vote-propose-actions">
        <button type="submit" disabled={fetcher.state !== "idle"}>
          Send proposal
        </button>
        {fetcher.state === "idle" && fetcher.data?.error && (
          <span role="alert" className="vote-save" data-error>
            {fetcher.data.error}
          </span>
        )}
        {done && (
          <span role="status" className="vote-save">
            Sent as {fetcher.data!.proposed}
          </span>
        )}
      </div>
    </fetcher.Form>
  );
}
