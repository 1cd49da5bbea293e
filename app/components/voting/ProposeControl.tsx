// "Propose a missing indicator / a change" at a domain's or subdomain's heading of the voting page. Plain
// elements (voting.css): the closed control is one <details> per heading, and its form is rendered only once
// opened, so a long round's page does not carry a form per section (docs/decisions/busy-requests.md).
import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

type Result = { error: string | null; proposed?: string };

export function ProposeControl({ target, title }: { target: string; title: string }) {
  const { t } = useTranslation("voting");
  const [open, setOpen] = useState(false);
  return (
    <details className="vote-propose" onToggle={(e) => setOpen(e.currentTarget.open)} data-testid={`propose-${target}`}>
      <summary>{t("propose.summary")}</summary>
      {open && <ProposalForm target={target} title={title} />}
    </details>
  );
}

function ProposalForm({ target, title }: { target: string; title: string }) {
  const { t } = useTranslation("voting");
  const fetcher = useFetcher<Result>();
  const [kind, setKind] = useState<"indicator" | "restructuring">("indicator");
  const [form, setForm] = useState<HTMLFormElement | null>(null);
  const done = fetcher.state === "idle" && fetcher.data?.proposed;
  useEffect(() => {
    if (done) form?.reset();
  }, [done, form]);
  const id = (name: string) => `propose-${target}-${name}`;
  return (
    <fetcher.Form
      method="post"
      className="vote-propose-form"
      ref={setForm}
      aria-label={t("propose.formLabel", { target })}
    >
      <input type="hidden" name="intent" value="propose" />
      <input type="hidden" name="target" value={target} />
      <p className="vote-note">{t("propose.note", { target, title })}</p>
      <fieldset className="vote-propose-kind">
        <legend>{t("propose.what")}</legend>
        <label>
          <input
            type="radio"
            name="kind"
            value="indicator"
            checked={kind === "indicator"}
            onChange={() => setKind("indicator")}
          />{" "}
          {t("propose.indicator")}
        </label>
        <label>
          <input
            type="radio"
            name="kind"
            value="restructuring"
            checked={kind === "restructuring"}
            onChange={() => setKind("restructuring")}
          />{" "}
          {t("propose.restructuring")}
        </label>
      </fieldset>
      {kind === "indicator" ? (
        <>
          <label htmlFor={id("statement")}>{t("propose.statement")}</label>
          <textarea dir="auto" id={id("statement")} name="statement" rows={2} required maxLength={5000} />
          <details>
            <summary>{t("propose.levels")}</summary>
            {[1, 2, 3, 4, 5].map((l) => (
              <div key={l}>
                <label htmlFor={id(`level${l}`)}>{t("propose.level", { level: l })}</label>
                <input dir="auto" id={id(`level${l}`)} name={`level${l}`} maxLength={2000} />
              </div>
            ))}
          </details>
        </>
      ) : (
        <>
          <label htmlFor={id("change")}>{t("propose.change")}</label>
          <textarea dir="auto" id={id("change")} name="change" rows={2} required maxLength={5000} />
        </>
      )}
      <label htmlFor={id("reason")}>{t("propose.reason")}</label>
      <textarea dir="auto" id={id("reason")} name="reason" rows={2} required maxLength={5000} />
      <div className="vote-propose-actions">
        <button type="submit" disabled={fetcher.state !== "idle"}>
          {t("propose.send")}
        </button>
        {fetcher.state === "idle" && fetcher.data?.error && (
          <span role="alert" className="vote-save" data-error>
            {fetcher.data.error}
          </span>
        )}
        {done && (
          <span role="status" className="vote-save">
            {t("propose.sent", { label: fetcher.data!.proposed })}
          </span>
        )}
      </div>
    </fetcher.Form>
  );
}
