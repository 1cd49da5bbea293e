// The proposal form's fields as the API body (validated by the server like any API body): a missing
// indicator (statement, the five level descriptors if any is filled) or a restructuring, with a reason.
export function proposalFromForm(form: FormData): Record<string, unknown> {
  const text = (name: string) => String(form.get(name) ?? "");
  const kind = text("kind");
  const base = { kind, target: text("target"), reason: text("reason") };
  if (kind !== "indicator") return { ...base, change: text("change") };
  const levels = [1, 2, 3, 4, 5].map((l) => text(`level${l}`));
  return { ...base, statement: text("statement"), ...(levels.some((l) => l.trim()) ? { levels } : {}) };
}
