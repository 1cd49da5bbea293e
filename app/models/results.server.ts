// The stored results of a closed round, for moderators and observers: figures, computed status, reason.
// Subgroup figures leave the server only through `shownFigures`, which suppresses groups below the
// consultation's minimum size (a group of one is a person's answer).
import type { Db } from "../../server/db/client.js";
import { AppError } from "../../shared/errors/app-error.js";
import { suppressSmallGroups } from "../../shared/stats/subgroups.js";
import { requireRole } from "./access.server.js";
import type { StoredFigures } from "./round.server.js";
import { roundStabilityFigures } from "./stability.server.js";
import type { SessionUser } from "./user.server.js";

/** A closed item's stored figures as every role may see them: overall as stored, subgroups below `minGroupSize` suppressed. */
export function shownFigures(stored: StoredFigures, minGroupSize: number) {
  return {
    overall: stored.overall,
    rand: stored.rand,
    byStakeholderType: suppressSmallGroups(stored.byStakeholderType, minGroupSize),
    byCountry: suppressSmallGroups(stored.byCountry, minGroupSize),
    byGender: suppressSmallGroups(stored.byGender ?? [], minGroupSize),
    byLanguage: suppressSmallGroups(stored.byLanguage ?? [], minGroupSize),
  };
}
export type ShownFigures = ReturnType<typeof shownFigures>;

/** The stored JSON of an item's figures, as shown. */
export const parseShownFigures = (json: string, minGroupSize: number) =>
  shownFigures(JSON.parse(json) as StoredFigures, minGroupSize);

export async function roundResults(db: Db, user: SessionUser, roundId: string) {
  const round = await db.round.findUnique({ where: { id: roundId }, include: { consultation: true } });
  if (!round) throw new AppError("not_found", `No round ${roundId}`);
  await requireRole(db, round.consultationId, user, ["moderator", "observer"]);
  if (round.status === "draft" || round.status === "open")
    throw new AppError("conflict", `Round ${round.number} is ${round.status}: results exist once it is closed`);
  const items = await db.roundItem.findMany({
    where: { roundId },
    orderBy: { position: "asc" },
    include: { result: true },
  });
  const stability = await roundStabilityFigures(db, round.consultationId, round.number);
  const stabilityOf = new Map(stability.items.map((s) => [s.key, s]));
  return {
    round: { id: round.id, number: round.number, status: round.status },
    minGroupSize: round.consultation.minGroupSize,
    /** Fleiss' kappa and Kendall's W over the panellists who rated every item of the round (docs/consensus.md). */
    panelAgreement: stability.agreement,
    items: items.map((i) => ({
      id: i.id,
      key: i.key,
      kind: i.kind,
      wording: i.kind === "levels" ? (JSON.parse(i.wording) as string[]) : i.wording,
      figures: i.result ? parseShownFigures(i.result.figures, round.consultation.minGroupSize) : null,
      status: i.result?.status ?? null,
      reason: i.result?.reason ?? null,
      decision: i.result?.decision ?? null,
      /** Since the previous round, over the panellists who rated the item in both; null in the item's first round. */
      stability: stabilityOf.get(i.key) ?? null,
    })),
  };
}
