// What preparing round N+1 starts from: the moderator's decisions on round N. Reformulated items come with
// their new wording, re-evaluated ones are carried over, validated and dropped ones stay settled; the
// moderator can still change every choice before createNextRound (round.server.ts) stores the round.
import type { Db } from "../../server/db/client.js";
import { AppError } from "../../shared/errors/app-error.js";
import type { ConsensusStatus } from "../../shared/stats/consensus.js";
import { requireRole } from "./access.server.js";
import { LEVELS_SUFFIX } from "./consultation.server.js";
import { parseNewWording } from "./decision.server.js";
import { COUNTED_MEMBER } from "./panel.server.js";
import { restructuredNextRound, type NextRoundNode } from "./structure.server.js";
import type { SessionUser } from "./user.server.js";

export interface ProposedItem {
  id: string;
  key: string;
  kind: string;
  /** The computed status and its reason (the rule's verdict). */
  status: ConsensusStatus | null;
  reason: string | null;
  /** The moderator's final status, null while undecided. */
  decision: ConsensusStatus | null;
  /** The wording rated in round N. */
  wording: string | string[];
  /** The wording round N+1 starts with: the decided new wording of a reformulated item, else the rated one. */
  proposedWording: string | string[];
  /** Ticked by default: carried into round N+1. */
  carry: boolean;
  /** Why it is (not) ticked, in words. */
  because: string;
  /** The panel's suggestions (unattributed). */
  suggestions: string[];
  /** What the panel had written in the item's shared rationale when round N closed. */
  rationale: string | null;
  /** What restructuring did to it after round N ("merged from I.1, I.2", "moved to II.2 (now II.2.3)"). */
  changes: string[];
}

// "insufficient": too few answers to judge, so the panel rates it again.
const CARRIED: ReadonlySet<string> = new Set(["reformulate", "reevaluate", "insufficient"]);

/** Round N+1's starting point, for its moderators; 409 unless the last round is closed or published. */
export async function proposeNextRound(db: Db, actor: SessionUser, consultationId: string) {
  await requireRole(db, consultationId, actor, ["moderator"]);
  const last = await db.round.findFirst({ where: { consultationId }, orderBy: { number: "desc" } });
  if (!last || (last.status !== "closed" && last.status !== "published"))
    throw new AppError(
      "conflict",
      `Round ${last?.number ?? 1} is ${last?.status ?? "missing"}: close it before preparing the next round`,
    );
  const items = await db.roundItem.findMany({
    where: { roundId: last.id },
    orderBy: { position: "asc" },
    include: { result: true, snapshot: { select: { text: true } } },
  });
  const suggestions = await db.rating.findMany({
    where: { item: { roundId: last.id }, suggestion: { not: "" }, member: COUNTED_MEMBER },
    select: { roundItemId: true, suggestion: true },
    // Not in answer order: the order must not line suggestions up with anything else on the page.
    orderBy: { suggestion: "asc" },
  });
  const finalOf = new Map(
    items.map((i) => [i.key, (i.result?.decision ?? i.result?.status ?? null) as ConsensusStatus | null]),
  );
  const proposed: ProposedItem[] = items.map((item) => {
    const wording = item.kind === "levels" ? (JSON.parse(item.wording) as string[]) : item.wording;
    const decision = (item.result?.decision ?? null) as ConsensusStatus | null;
    const status = (item.result?.status ?? null) as ConsensusStatus | null;
    const final = decision ?? status;
    // Reformulated items start from their new wording, re-evaluated ones from an editorial rewording if any.
    const newWording =
      decision === "reformulate" || decision === "reevaluate"
        ? parseNewWording(item.kind, item.result!.newWording)
        : null;
    // The levels of a dropped indicator go with it.
    const indicatorDropped =
      item.kind === "levels" && finalOf.get(item.key.slice(0, -LEVELS_SUFFIX.length)) === "dropped";
    const carry = final !== null && CARRIED.has(final) && !indicatorDropped;
    const because = indicatorDropped
      ? "its indicator is dropped"
      : decision
        ? `decided: ${decision}`
        : status
          ? `undecided; computed: ${status}`
          : "no result";
    return {
      id: item.id,
      key: item.key,
      kind: item.kind,
      status,
      reason: item.result?.reason ?? null,
      decision,
      wording,
      proposedWording: newWording ?? wording,
      carry,
      because,
      suggestions: suggestions.filter((s) => s.roundItemId === item.id).map((s) => s.suggestion),
      rationale: item.snapshot?.text.trim() ? item.snapshot.text : null,
      changes: [],
    };
  });
  const nodes = await restructuredNextRound(db, consultationId, last.number);
  return {
    consultationId,
    round: { id: last.id, number: last.number, status: last.status },
    reminderHours: JSON.parse(last.reminderHours) as number[],
    items: nodes ? restructuredProposal(proposed, nodes) : proposed,
  };
}
export type NextRoundProposal = Awaited<ReturnType<typeof proposeNextRound>>;

/** The proposal on the restructured model: its items in model order, new ones ticked for the panel to rate. */
function restructuredProposal(proposed: ProposedItem[], nodes: NextRoundNode[]): ProposedItem[] {
  const byKey = new Map(proposed.map((p) => [p.key, p]));
  return nodes.map((n) => {
    const p = n.previousKey === null ? undefined : byKey.get(n.previousKey);
    if (p && !n.made)
      return { ...p, key: n.key, ...(n.restructured ? { proposedWording: n.text } : {}), changes: n.changes };
    // In the model but not rated last round (a study of indicators only: its domains and subdomains): offered,
    // not ticked — it is not new, and the panel did not rate it before.
    const unrated = !n.made;
    return {
      id: `new:${n.key}`,
      key: n.key,
      kind: n.kind,
      status: null,
      reason: null,
      decision: null,
      wording: n.text,
      proposedWording: n.text,
      carry: !unrated,
      because: unrated ? "not rated in the last round" : `new: ${n.changes.join("; ")}`,
      suggestions: [],
      rationale: null,
      changes: n.changes,
    };
  });
}
