// The review page's vocabulary: the loader's review as the browser sees it, the labels and colours of the
// rule's statuses, and how figures print. Shared by the table, the cards, the drawer and the decision form.
import type { SerializeFrom } from "@remix-run/node";
import type { ReviewView } from "~/models/decision.server";
import type { FieldIssue } from "../../../shared/errors/app-error";

export type Review = SerializeFrom<ReviewView>;
export type Item = Review["items"][number];
export type Status = NonNullable<Item["status"]>;

/** What the review action answers to the decision form and the bulk "accept all" button. */
export type ReviewActionResult =
  | { ok: true; intent: string; itemId: string | null; message: string }
  | { ok: false; intent: string; itemId: string | null; error: string; details: FieldIssue[] };

export const STATUSES = ["validated", "reformulate", "reevaluate", "dropped", "insufficient"] as const;

export const STATUS_LABELS: Record<Status, string> = {
  validated: "validated",
  reformulate: "reformulate",
  reevaluate: "re-evaluate",
  dropped: "dropped",
  insufficient: "insufficient answers",
};
// Dark enough for white text at badge size (WCAG AA 4.5:1).
export const DECISION_COLOURS: Record<Status, string> = {
  validated: "teal.9",
  reformulate: "#a14400",
  reevaluate: "#6b5200",
  dropped: "red.9",
  insufficient: "gray.8",
};
export const DOT_COLOURS: Record<Status, string> = {
  validated: "teal",
  reformulate: "orange",
  reevaluate: "yellow",
  dropped: "red",
  insufficient: "gray",
};
export const KIND_LABELS: Record<string, string> = {
  domain: "domain",
  subdomain: "subdomain",
  indicator: "indicator",
  levels: "levels",
};

export const pct = (x: number | null | undefined) => (x === null || x === undefined ? "–" : `${Math.round(x)} %`);
export const num = (x: number | null | undefined) =>
  x === null || x === undefined ? "–" : String(Number(x.toFixed(2)));
