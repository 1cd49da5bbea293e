// Telling the panel: the mail that announces an opened round, the automatic reminders a round's schedule
// asks for (sent by the server's scheduler), and the list of open rounds a panellist has still to answer.
// Anonymity: reminders go to whoever has not finished, so what is recorded of them is a count, never who.
import type { Db } from "../../server/db/client.js";
import { reminderHoursSchema } from "../../shared/delphi/schemas.js";
import { AppError, fromZodError } from "../../shared/errors/app-error.js";
import { auditActor, requireRole } from "./access.server.js";
import { appendAuditEvent } from "./audit.server.js";
import { roundOpenedMail } from "./mail-text.server.js";
import { queueLinkMail, queueReminders } from "./panel.server.js";
import type { SessionUser } from "./user.server.js";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
const HOUR_MS = 3600_000;

/** Queues "round N is open" with a sign-in link to every panellist still on the panel. */
export async function queueRoundOpenedMails(
  tx: Tx,
  round: { id: string; number: number; consultationId: string; deadline: Date | null; consultation: { title: string } },
  now = new Date(),
) {
  const panel = await tx.member.findMany({
    where: { consultationId: round.consultationId, role: "panellist", withdrawnAt: null },
    include: { user: { select: { name: true, email: true, language: true } } },
  });
  const { title } = round.consultation;
  for (const m of panel)
    await queueLinkMail(
      tx,
      {
        consultationId: round.consultationId,
        memberId: m.id,
        kind: "round-opened",
        to: m.user.email,
        ...roundOpenedMail(m.user, round, title),
      },
      now,
    );
  return panel.length;
}

/** The schedule points of a round due at `now`: after the round opened, before its deadline, not yet sent. */
export function duePoints(
  round: { openedAt: Date | null; deadline: Date | null; reminderHours: number[] },
  sent: ReadonlySet<number>,
  now: Date,
): number[] {
  const { openedAt, deadline } = round;
  if (!openedAt || !deadline || now >= deadline) return [];
  // A point that fell before the round opened is covered by the announcement itself.
  return round.reminderHours
    .filter((h) => !sent.has(h))
    .filter((h) => {
      const at = deadline.getTime() - h * HOUR_MS;
      return at >= openedAt.getTime() && at <= now.getTime();
    })
    .sort((a, b) => b - a);
}

/** Another instance claimed the point first (unique key), or holds the SQLite write lock: its send wins. */
function claimedElsewhere(error: unknown) {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "P2002" || code === "P2034" || (typeof code === "string" && code.startsWith("SQLITE_BUSY"));
}

/**
 * Sends the reminders every open round's schedule has due. Each point is claimed by inserting its
 * ReminderRun row in the transaction that queues the mails: a second instance (or a rerun after a restart)
 * hits the unique key and sends nothing. Points missed together (the server was down) send one reminder.
 * Returns how many rounds sent reminders.
 */
export async function sendScheduledReminders(db: Db, now = new Date()): Promise<number> {
  const rounds = await db.round.findMany({
    where: { status: "open", deadline: { gt: now }, NOT: { reminderHours: "[]" } },
    include: { consultation: { select: { title: true } }, reminderRuns: { select: { hoursBefore: true } } },
  });
  let sent = 0;
  for (const round of rounds) {
    const hours = JSON.parse(round.reminderHours) as number[];
    const due = duePoints(
      { ...round, reminderHours: hours },
      new Set(round.reminderRuns.map((r) => r.hoursBefore)),
      now,
    );
    if (!due.length) continue;
    try {
      await db.$transaction(async (tx) => {
        // Claims first: a concurrent claimer waits here (PostgreSQL) or is serialised (SQLite) and then fails.
        for (const hoursBefore of due)
          await tx.reminderRun.create({ data: { roundId: round.id, hoursBefore, reminded: 0, sentAt: now } });
        // The round may have closed, or its deadline moved, since it was read.
        const still = await tx.round.findUniqueOrThrow({ where: { id: round.id } });
        if (still.status !== "open" || !still.deadline || still.deadline <= now) throw new Skip();
        const reminded = await queueReminders(tx, round, now);
        const latest = due[due.length - 1]!;
        await tx.reminderRun.update({
          where: { roundId_hoursBefore: { roundId: round.id, hoursBefore: latest } },
          data: { reminded },
        });
        await appendAuditEvent(tx, {
          consultationId: round.consultationId,
          actor: "system",
          type: "reminders.sent",
          payload: { round: round.number, reminded, by: "schedule", hoursBefore: due },
        });
      });
      sent++;
    } catch (error) {
      if (error instanceof Skip || claimedElsewhere(error)) continue;
      throw error;
    }
  }
  return sent;
}

class Skip extends Error {}

/** Runs the reminder schedule every `everyMs` until stopped (server/app.ts). */
export function startReminderScheduler(db: Db, everyMs = 30_000): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = running
      .then(() => sendScheduledReminders(db))
      .catch((error) => console.error("scheduled reminders failed:", error));
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  tick();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

async function moderatedRound(db: Db, actor: SessionUser, consultationId: string, number: number) {
  const moderator = await requireRole(db, consultationId, actor, ["moderator"]);
  const round = await db.round.findUnique({
    where: { consultationId_number: { consultationId, number } },
    include: { reminderRuns: { orderBy: { hoursBefore: "desc" } } },
  });
  if (!round) throw new AppError("not_found", `No round ${number} in this consultation`);
  return { moderator, round };
}

/** Sets when round `number` reminds those not finished; while it is a draft or open, and only with a deadline. */
export async function setReminderSchedule(
  db: Db,
  actor: SessionUser,
  consultationId: string,
  number: number,
  input: unknown,
) {
  const { moderator, round } = await moderatedRound(db, actor, consultationId, number);
  const parsed = reminderHoursSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, "reminder schedule");
  const hours = [...parsed.data].sort((a, b) => b - a);
  if (round.status !== "draft" && round.status !== "open")
    throw new AppError("conflict", `Round ${number} is ${round.status}: its reminders are over`);
  if (hours.length && !round.deadline)
    throw new AppError("validation", "Invalid reminder schedule: reminders before the deadline need a deadline", [
      { path: "reminderHours", message: "needs a deadline" },
    ]);
  await db.$transaction(async (tx) => {
    await tx.round.update({ where: { id: round.id }, data: { reminderHours: JSON.stringify(hours) } });
    await appendAuditEvent(tx, {
      consultationId,
      actor: auditActor(moderator),
      type: "round.reminders.set",
      payload: { round: number, hoursBefore: hours },
    });
  });
  return reminderSchedule(db, actor, consultationId, number);
}

/** A round's reminder schedule and what it sent, for moderators: counts only, never who. */
export async function reminderSchedule(db: Db, actor: SessionUser, consultationId: string, number: number) {
  const { round } = await moderatedRound(db, actor, consultationId, number);
  return {
    round: number,
    status: round.status,
    deadline: round.deadline?.toISOString() ?? null,
    hours: JSON.parse(round.reminderHours) as number[],
    sent: round.reminderRuns.map((r) => ({
      hoursBefore: r.hoursBefore,
      reminded: r.reminded,
      sentAt: r.sentAt.toISOString(),
    })),
  };
}

/** A round's consultation and number, from its id (the API names rounds by id). */
export async function roundByIdRef(db: Db, roundId: string) {
  const round = await db.round.findUnique({ where: { id: roundId }, select: { consultationId: true, number: true } });
  if (!round) throw new AppError("not_found", `No round ${roundId}`);
  return round;
}

/** The open rounds the user, as a panellist, has not submitted yet: the in-app list of what is waiting. */
export async function roundsWaitingFor(db: Db, user: SessionUser) {
  const rounds = await db.round.findMany({
    where: {
      status: "open",
      consultation: { members: { some: { userId: user.id, role: "panellist", withdrawnAt: null } } },
      completions: { none: { member: { userId: user.id } } },
    },
    orderBy: [{ deadline: "asc" }, { openedAt: "desc" }],
    include: { consultation: { select: { id: true, title: true } } },
  });
  return rounds.map((r) => ({
    consultationId: r.consultation.id,
    title: r.consultation.title,
    round: r.number,
    openedAt: r.openedAt?.toISOString() ?? null,
    deadline: r.deadline?.toISOString() ?? null,
  }));
}
