// The stored results of a closed round, for moderators and observers: figures, computed status, reason.
import type { Db } from "../../server/db/client.js";
import { AppError } from "../../shared/errors/app-error.js";
import { requireRole } from "./access.server.js";
import type { StoredFigures } from "./round.server.js";
import type { SessionUser } from "./user.server.js";

export async function roundResults(db: Db, user: SessionUser, roundId: string) {
  const round = await db.round.findUnique({ where: { id: roundId } });
  if (!round) throw new AppError("not_found", `No round ${roundId}`);
  await requireRole(db, round.consultationId, user, ["moderator", "observer"]);
  if (round.status === "draft" || round.status === "open")
    throw new AppError("conflict", `Round ${round.number} is ${round.status}: results exist once it is closed`);
  const items = await db.roundItem.findMany({
    where: { roundId },
    orderBy: { position: "asc" },
    include: { result: true },
  });
  return {
    round: { id: round.id, number: round.number, status: round.status },
    items: items.map((i) => ({
      id: i.id,
      key: i.key,
      kind: i.kind,
      wording: i.kind === "levels" ? (JSON.parse(i.wording) as string[]) : i.wording,
      figures: i.result ? (JSON.parse(i.result.figures) as StoredFigures) : null,
      status: i.result?.status ?? null,
      reason: i.result?.reason ?? null,
      decision: i.result?.decision ?? null,
    })),
  };
}
