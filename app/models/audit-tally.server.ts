// Repeated events (downloads) folded into the audit trail: the first of a window is appended, later ones in the
// window only count in AuditTally, and the first after the window carries that count into the chain.
import type { Db } from "../../server/db/client.js";
import { appendAuditEvent, type AuditEventView, type NewAuditEvent } from "./audit.server.js";

/** Downloads of the same file by the same person within this window are one audit event. */
export const TALLY_WINDOW_MS = 10 * 60_000;
const ATTEMPTS = 5;

export interface TalliedEvent extends NewAuditEvent {
  /** What is repeated, e.g. the file name: different files are tallied apart. */
  subject: string;
}

export interface TallyOptions {
  now?: Date;
  windowMs?: number;
}

/**
 * Records one occurrence of `event`. A script downloading the same export a thousand times a minute must not
 * bury the study's history (nor grow the chain without bound), yet every download stays accounted for:
 *   - the first in a window appends the event and starts a tally;
 *   - later ones within `windowMs` of the window's start only increment the tally (one atomic UPDATE);
 *   - the first after the window appends the event with `repeats: n, from, to` — the previous window's
 *     repeats after its first event and the times of the first and last of them — and starts a new window.
 * The repeats of the latest window are in AuditTally until the next occurrence writes them into the chain.
 * Returns the appended event, or null when the occurrence was only counted.
 */
export async function appendTalliedEvent(
  db: Db,
  event: TalliedEvent,
  options: TallyOptions = {},
): Promise<AuditEventView | null> {
  const now = options.now ?? new Date();
  const windowMs = options.windowMs ?? TALLY_WINDOW_MS;
  const key = { consultationId: event.consultationId, actor: event.actor, type: event.type, subject: event.subject };
  const windowOpenSince = new Date(now.getTime() - windowMs);

  for (let attempt = 1; ; attempt++) {
    // The common case under a flood: one conditional increment, no transaction, no chain append.
    const counted = await db.auditTally.updateMany({
      where: { ...key, windowStart: { gt: windowOpenSince } },
      data: { count: { increment: 1 }, lastAt: now },
    });
    if (counted.count > 0) return null;
    try {
      return await db.$transaction(
        async (tx) => {
          const tally = await tx.auditTally.findUnique({ where: { consultationId_actor_type_subject: key } });
          const { subject: _subject, ...plain } = event;
          let payload: Record<string, unknown> = { ...plain.payload };
          if (!tally) {
            // Two first downloads at once: the loser's create violates the unique key and retries (counted).
            await tx.auditTally.create({ data: { ...key, count: 0, windowStart: now, lastAt: now } });
          } else if (tally.windowStart > windowOpenSince) {
            // Someone started this window since the increment above missed: count there instead.
            throw new LostTallyRace();
          } else {
            // Claim the expired window by its start, so two concurrent claimants cannot both report it.
            const claimed = await tx.auditTally.updateMany({
              where: { ...key, windowStart: tally.windowStart },
              data: { count: 0, windowStart: now, lastAt: now },
            });
            if (claimed.count === 0) throw new LostTallyRace();
            if (tally.count > 0)
              payload = {
                ...payload,
                repeats: tally.count,
                from: tally.windowStart.toISOString(),
                to: tally.lastAt.toISOString(),
              };
          }
          return appendAuditEvent(tx, { ...plain, payload });
        },
        { maxWait: 10_000, timeout: 10_000 },
      );
    } catch (error) {
      if (attempt >= ATTEMPTS || !(error instanceof LostTallyRace || lostRace(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

class LostTallyRace extends Error {}

/** Another request started or claimed the window first (unique key, write conflict, SQLite busy). */
function lostRace(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "P2002" || code === "P2034" || (typeof code === "string" && code.startsWith("SQLITE_BUSY"));
}
