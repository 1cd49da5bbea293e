// The question asked above the rating scale, one per item kind: what the panel judges when it rates a
// domain, a subdomain, an indicator or a level set. A consultation stores its own set when it is created,
// so later changes to these defaults never alter what a running study asked.
import { questionsSchema, type ItemKind } from "./schemas.js";

export type Questions = Record<ItemKind, string>;

export const DEFAULT_QUESTIONS: Questions = {
  domain: "How far do you agree that this domain is relevant and clearly named?",
  subdomain: "How far do you agree that this subdomain is relevant and clearly named?",
  indicator: "How far do you agree that this indicator is relevant and clearly worded?",
  levels: "How far do you agree that these five levels describe the stages of this indicator well?",
};

export const QUESTION_KIND_LABELS: Questions = {
  domain: "Domains",
  subdomain: "Subdomains",
  indicator: "Indicators",
  levels: "Level sets",
};

/** The questions a consultation asks: those stored for it, the defaults where none is stored. */
export function questionsOf(stored: string | null | undefined): Questions {
  let parsed: unknown = {};
  try {
    parsed = JSON.parse(stored || "{}");
  } catch {
    parsed = {};
  }
  const own = questionsSchema.safeParse(parsed);
  return { ...DEFAULT_QUESTIONS, ...(own.success ? own.data : {}) };
}
