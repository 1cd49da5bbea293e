// The review page's vocabulary: the loader's review as the browser sees it, the labels and colours of the
// rule's statuses, and how figures print. Shared by the table, the cards, the drawer and the decision form.
import type { SerializeFrom } from "@remix-run/node";
import type { TFunction } from "i18next";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/format";
import type { ReviewView } from "~/models/decision.server";
import type { FieldIssue } from "../../../shared/errors/app-error";

export type Review = SerializeFrom<ReviewView>;
export type Item = Review["items"][number];
export type Status = NonNullable<Item["status"]>;

/** What a successful review action tells the moderator; the browser words it in the page's language. */
export type ReviewNotice =
  | { kind: "decided"; key: string; decision: Status; editorial: boolean }
  | { kind: "accepted"; accepted: number; needWording: number };

/** What the review action answers to the decision form and the bulk "accept all" button. */
export type ReviewActionResult =
  | { ok: true; intent: string; itemId: string | null; notice: ReviewNotice }
  | { ok: false; intent: string; itemId: string | null; error: string; details: FieldIssue[] };

export const STATUSES = ["validated", "reformulate", "reevaluate", "dropped", "insufficient"] as const;

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
/** The notice of a review action in the page's language. */
export function noticeText(t: TFunction<"review">, notice: ReviewNotice): string {
  if (notice.kind === "decided") {
    const values = { key: notice.key, decision: t(`decisionCode.${notice.decision}`) };
    return notice.editorial ? t("notice.decidedEditorial", values) : t("notice.decided", values);
  }
  const accepted = t("notice.accepted", { count: notice.accepted });
  return notice.needWording ? t("notice.acceptedRest", { accepted, count: notice.needWording }) : accepted;
}

/** The statuses' and item kinds' names, and how the review tables print figures ("86 %", "3.5", "–"). */
export function useReviewWords() {
  const { t } = useTranslation("review");
  const f = useFormat();
  return useMemo(
    () => ({
      status: (s: Status) => t(`status.${s}`),
      roundStatus: (s: string) =>
        s === "draft" || s === "open" || s === "closed" || s === "published" ? t(`roundStatus.${s}`) : s,
      kind: (k: string) => (k in KINDS ? t(`kind.${k as keyof typeof KINDS}`) : k),
      pct: (x: number | null | undefined) =>
        x === null || x === undefined ? "–" : t("stability.pct", { value: f.number(Math.round(x)) }),
      num: (x: number | null | undefined) => (x === null || x === undefined ? "–" : f.figure(x)),
    }),
    [t, f],
  );
}
const KINDS = { domain: 1, subdomain: 1, indicator: 1, levels: 1 } as const;
