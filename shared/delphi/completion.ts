// What "finished" means for a panellist's round: complete (submitted with every item answered — "no opinion"
// is an answer, a blank is not), partial (some answers, but not that), not started (no answer). The response
// rate counts complete ones only. Pure.

export type CompletionStatus = "complete" | "partial" | "not-started";

export function completionStatus(answered: number, total: number, submitted: boolean): CompletionStatus {
  if (answered === 0) return "not-started";
  return submitted && answered >= total ? "complete" : "partial";
}

/** Bands of the share of items answered, for the distribution of progress (counts only). */
export const PROGRESS_BANDS = [
  { label: "none", test: (share: number) => share === 0 },
  { label: "under 25 %", test: (share: number) => share > 0 && share < 0.25 },
  { label: "25–49 %", test: (share: number) => share >= 0.25 && share < 0.5 },
  { label: "50–74 %", test: (share: number) => share >= 0.5 && share < 0.75 },
  { label: "75–99 %", test: (share: number) => share >= 0.75 && share < 1 },
  { label: "all", test: (share: number) => share >= 1 },
] as const;

/** How many panellists answered what share of the round's items, band by band (every band listed, even empty). */
export function progressDistribution(answeredCounts: readonly number[], total: number) {
  return PROGRESS_BANDS.map((band) => ({
    band: band.label,
    panellists: answeredCounts.filter((n) => band.test(total > 0 ? n / total : 1)).length,
  }));
}

export interface CompletionCounts {
  complete: number;
  /** Submitted with items left blank (they confirmed) plus those still answering. */
  partial: number;
  /** Of the partial ones, those who submitted with items left blank. */
  submittedPartial: number;
  notStarted: number;
}

export function completionCounts(people: readonly { answered: number; submitted: boolean }[], total: number) {
  const counts: CompletionCounts = { complete: 0, partial: 0, submittedPartial: 0, notStarted: 0 };
  for (const p of people) {
    const status = completionStatus(p.answered, total, p.submitted);
    if (status === "complete") counts.complete++;
    else if (status === "not-started") counts.notStarted++;
    else {
      counts.partial++;
      if (p.submitted) counts.submittedPartial++;
    }
  }
  return counts;
}
