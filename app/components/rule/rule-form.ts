// The minimum of answers and the stopping rule as the "new consultation" form sends them: blank fields
// mean "not set" (the preset's minimum; no such criterion), anything else goes to the schema as a number,
// so "abc" or 120 % comes back as a 400 naming the field (shared/delphi/schemas.ts).
import type { MinAnswers, RuleStatus } from "../../../shared/stats/consensus";
import type { StoppingRule } from "../../../shared/stats/stopping";

type Fields = Pick<FormData, "get">;

function numberField(form: Fields, name: string): number | undefined {
  const raw = String(form.get(name) ?? "").trim();
  return raw === "" ? undefined : Number(raw);
}

const checked = (form: Fields, name: string) => form.get(name) !== null;

export function minAnswersFromForm(form: Fields): MinAnswers | undefined {
  const count = numberField(form, "minAnswers");
  const panelPct = numberField(form, "minAnswersPct");
  if (count === undefined && panelPct === undefined) return undefined;
  return { ...(count !== undefined ? { count } : {}), ...(panelPct !== undefined ? { panelPct } : {}) };
}

export const STOP_STATUS_CHOICES = { validated: ["validated"], settled: ["validated", "dropped"] } as const;

export function stoppingFromForm(form: Fields): StoppingRule | undefined {
  const rule: StoppingRule = {};
  if (checked(form, "stopItems")) {
    const choice = String(form.get("stopItemsStatuses") ?? "validated");
    rule.itemsReached = {
      pct: numberField(form, "stopItemsPct") ?? NaN,
      // an unknown choice goes on as given, for the schema to reject by name
      statuses: [...(STOP_STATUS_CHOICES[choice as keyof typeof STOP_STATUS_CHOICES] ?? [choice])] as RuleStatus[],
    };
  }
  if (checked(form, "stopStable"))
    rule.stability = {
      maxChangedPct: numberField(form, "stopStableChanged") ?? NaN,
      minWilcoxonP: numberField(form, "stopStableP") ?? NaN,
    };
  const maxRounds = numberField(form, "stopMaxRounds");
  if (maxRounds !== undefined) rule.maxRounds = maxRounds;
  return Object.keys(rule).length ? rule : undefined;
}
