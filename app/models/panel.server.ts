// The expert panel: adding panellists (one by one or from CSV, all-or-nothing), single-use
// expiring invitation links (only hashes stored), the outbox, and reminders.
import { createHash, randomBytes, randomInt, randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "../../server/db/client.js";
import { parseCsv, CsvSyntaxError } from "../../shared/csv.js";
import { panellistSchema, type NewPanellist } from "../../shared/delphi/schemas.js";
import { AppError, formatPath, fromZodError } from "../../shared/errors/app-error.js";
import { auditActor, requireRole } from "./access.server.js";
import { appendAuditEvent } from "./audit.server.js";
import type { SessionUser } from "./user.server.js";

export const INVITATION_TTL_MS = 14 * 24 * 3600 * 1000;
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

interface LinkOptions {
  publicUrl: string;
  now?: Date;
}

async function issueInvitation(tx: Tx, memberId: string, options: LinkOptions): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const now = options.now ?? new Date();
  await tx.invitation.create({
    data: { memberId, tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + INVITATION_TTL_MS) },
  });
  return `${options.publicUrl}/invite/${token}`;
}

async function queueMail(
  tx: Tx,
  consultationId: string,
  kind: "invitation" | "reminder",
  to: string,
  subject: string,
  body: string,
  link: string,
) {
  await tx.outboxMessage.create({ data: { consultationId, kind, to, subject, body: body.replace(link, "{{link}}") } });
}

/**
 * "Expert <n>" with n drawn at random from 100–999 among the numbers not yet taken: a pseudonym that
 * followed the order of invitations would let whoever invited the panel name every pseudonym.
 */
async function nextPseudonym(tx: Tx, consultationId: string): Promise<string> {
  const taken = new Set(
    (await tx.member.findMany({ where: { consultationId }, select: { pseudonym: true } })).map((m) => m.pseudonym),
  );
  for (let range = 900; ; range *= 10) {
    const free = Array.from({ length: range }, (_, i) => `Expert ${range / 9 + i}`).filter((p) => !taken.has(p));
    if (free.length > range / 2) return free[randomInt(free.length)]!;
  }
}

/** Adds panellists in one transaction: if any is invalid or already on the panel, none is added. */
export async function addPanellists(
  db: Db,
  actor: SessionUser,
  consultationId: string,
  people: NewPanellist[],
  options: LinkOptions,
) {
  const moderator = await requireRole(db, consultationId, actor, ["moderator"]);
  const parsed = people.map((p, i) => {
    const r = panellistSchema.safeParse(p);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      const path = formatPath([i, ...issue.path]);
      throw new AppError(
        "validation",
        `Invalid panellist: [${i}]${issue.path.length ? "." + formatPath(issue.path) : ""}: ${issue.message}`,
        [{ path, message: issue.message }],
      );
    }
    return r.data;
  });
  const emails = new Set<string>();
  parsed.forEach((p, i) => {
    if (emails.has(p.email))
      throw new AppError("validation", `Invalid panellist: [${i}].email: ${p.email} appears twice`, [
        { path: `[${i}].email`, message: "duplicate" },
      ]);
    emails.add(p.email);
  });
  const consultation = await db.consultation.findUniqueOrThrow({ where: { id: consultationId } });
  return db.$transaction(async (tx) => {
    const added: { memberId: string; email: string }[] = [];
    for (const [i, p] of parsed.entries()) {
      const user =
        (await tx.user.findUnique({ where: { email: p.email } })) ??
        // Invited experts sign in through their link; "invite-only" is not a password hash, so password login fails.
        (await tx.user.create({
          data: { id: randomUUID(), email: p.email, name: p.name, passwordHash: "invite-only" },
        }));
      if (await tx.member.findUnique({ where: { consultationId_userId: { consultationId, userId: user.id } } }))
        throw new AppError(
          "conflict",
          `Invalid panellist: [${i}].email: ${p.email} is already a member of this consultation`,
          [{ path: `[${i}].email`, message: "already a member" }],
        );
      const pseudonym = await nextPseudonym(tx, consultationId);
      const member = await tx.member.create({
        data: {
          consultationId,
          userId: user.id,
          role: "panellist",
          pseudonym,
          stakeholderType: p.stakeholderType,
          country: p.country,
          gender: p.gender,
          expertise: p.expertise,
        },
      });
      const link = await issueInvitation(tx, member.id, options);
      await queueMail(
        tx,
        consultationId,
        "invitation",
        p.email,
        `Invitation: ${consultation.title}`,
        `Dear ${p.name},\n\nyou are invited to take part in the Delphi consultation "${consultation.title}".\nOpen this personal link to join (valid 14 days, single use):\n${link}\n`,
        link,
      );
      // The log names the pseudonym and the attributes reported in the study, never the identity.
      await appendAuditEvent(tx, {
        consultationId,
        actor: auditActor(moderator),
        type: "panellist.invited",
        // In anonymous studies not even the pseudonym: moderators know who was invited, and must not
        // be able to tie a pseudonym's ratings back to a person.
        payload: {
          ...(consultation.anonymity === "anonymous" ? {} : { pseudonym }),
          stakeholderType: p.stakeholderType,
          country: p.country,
          gender: p.gender,
        },
      });
      // No pseudonym in the answer: the moderator who adds a person must not learn which pseudonym is theirs.
      added.push({ memberId: member.id, email: p.email });
    }
    return added;
  });
}

const CSV_COLUMNS = ["name", "email", "stakeholder type", "country", "gender", "working group/expertise"] as const;
const FIELD_FOR_COLUMN: Record<(typeof CSV_COLUMNS)[number], keyof NewPanellist> = {
  name: "name",
  email: "email",
  "stakeholder type": "stakeholderType",
  country: "country",
  gender: "gender",
  "working group/expertise": "expertise",
};

/** Parses a panel CSV (header row required); any bad row fails the whole file with its line number. */
export function parsePanelCsv(csv: string): NewPanellist[] {
  let rows;
  try {
    rows = parseCsv(csv);
  } catch (error) {
    if (error instanceof CsvSyntaxError)
      throw new AppError("validation", `Invalid CSV: ${error.message}`, [
        { path: `line ${error.line}`, message: error.message },
      ]);
    throw error;
  }
  const [header, ...body] = rows;
  if (!header) throw new AppError("validation", "Invalid CSV: the file is empty", []);
  const columns = header.cells.map((c) => c.trim().toLowerCase());
  const missing = CSV_COLUMNS.slice(0, 3).filter((c) => !columns.includes(c));
  if (missing.length)
    throw new AppError(
      "validation",
      `Invalid CSV: line ${header.line}: missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (expected: ${CSV_COLUMNS.join(", ")})`,
      [{ path: `line ${header.line}`, message: "missing columns" }],
    );
  if (!body.length) throw new AppError("validation", "Invalid CSV: no panellist rows after the header", []);
  const issues: { path: string; message: string }[] = [];
  const people = body.map((row) => {
    if (row.cells.length !== columns.length)
      issues.push({ path: `line ${row.line}`, message: `expected ${columns.length} fields, got ${row.cells.length}` });
    const person: Record<string, string> = {};
    columns.forEach((col, i) => {
      const field = FIELD_FOR_COLUMN[col as keyof typeof FIELD_FOR_COLUMN];
      if (field) person[field] = row.cells[i] ?? "";
    });
    const r = panellistSchema.safeParse(person);
    if (!r.success)
      for (const issue of r.error.issues)
        issues.push({ path: `line ${row.line}`, message: `${String(issue.path[0] ?? "row")}: ${issue.message}` });
    return person as unknown as NewPanellist;
  });
  const seen = new Map<string, number>();
  body.forEach((row, i) => {
    const email = String(people[i]!.email ?? "")
      .toLowerCase()
      .trim();
    if (email && seen.has(email))
      issues.push({ path: `line ${row.line}`, message: `email ${email} already on line ${seen.get(email)}` });
    seen.set(email, row.line);
  });
  if (issues.length)
    throw new AppError(
      "validation",
      `Invalid CSV: ${issues[0]!.path}: ${issues[0]!.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ""}; nothing was imported`,
      issues,
    );
  return people;
}

export async function importPanelCsv(
  db: Db,
  actor: SessionUser,
  consultationId: string,
  csv: string,
  options: LinkOptions,
) {
  await requireRole(db, consultationId, actor, ["moderator"]);
  return addPanellists(db, actor, consultationId, parsePanelCsv(csv), options);
}

/** Redeems an invitation link once: marks it used, records the join, returns the user to sign in. */
export async function redeemInvitation(db: Db, token: string, now = new Date()) {
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { member: { include: { consultation: { select: { anonymity: true } } } } },
  });
  if (!invitation)
    throw new AppError("not_found", "This invitation link is not valid. Ask the moderator for a new one.");
  if (invitation.usedAt)
    throw new AppError("conflict", "This invitation link was already used. Ask the moderator for a new one.");
  if (invitation.expiresAt <= now)
    throw new AppError("conflict", "This invitation link has expired. Ask the moderator for a new one.");
  // The conditional update makes two simultaneous redemptions of one link succeed only once.
  const { count } = await db.invitation.updateMany({
    where: { id: invitation.id, usedAt: null },
    data: { usedAt: now },
  });
  if (count !== 1)
    throw new AppError("conflict", "This invitation link was already used. Ask the moderator for a new one.");
  const joined = await db.member.updateMany({
    where: { id: invitation.memberId, joinedAt: null },
    data: { joinedAt: now },
  });
  if (joined.count)
    await appendAuditEvent(db, {
      consultationId: invitation.member.consultationId,
      actor:
        invitation.member.consultation.anonymity === "anonymous"
          ? "system"
          : `pseudonym:${invitation.member.pseudonym}`,
      type: "panellist.joined",
      payload: {},
    });
  return { userId: invitation.member.userId, consultationId: invitation.member.consultationId };
}

/** Reminds the panellists who have not submitted the round; each gets a fresh sign-in link. */
export async function sendReminders(db: Db, actor: SessionUser, roundId: string, options: LinkOptions) {
  const round = await db.round.findUnique({ where: { id: roundId }, include: { consultation: true } });
  if (!round) throw new AppError("not_found", `No round ${roundId}`);
  const moderator = await requireRole(db, round.consultationId, actor, ["moderator"]);
  if (round.status !== "open")
    throw new AppError("conflict", `Round ${round.number} is ${round.status}: reminders are for open rounds`);
  const pending = await db.member.findMany({
    where: { consultationId: round.consultationId, role: "panellist", completions: { none: { roundId } } },
    include: { user: true },
  });
  await db.$transaction(async (tx) => {
    for (const m of pending) {
      const link = await issueInvitation(tx, m.id, options);
      const deadline = round.deadline ? ` The round closes on ${round.deadline.toUTCString()}.` : "";
      await queueMail(
        tx,
        round.consultationId,
        "reminder",
        m.user.email,
        `Reminder: round ${round.number} of ${round.consultation.title}`,
        `Dear ${m.user.name},\n\nround ${round.number} of "${round.consultation.title}" is waiting for your answers.${deadline}\nContinue here:\n${link}\n`,
        link,
      );
    }
    await appendAuditEvent(tx, {
      consultationId: round.consultationId,
      actor: auditActor(moderator),
      type: "reminders.sent",
      payload: { round: round.number, pseudonyms: pending.map((m) => m.pseudonym) },
    });
  });
  return { reminded: pending.length };
}

/** The outbox, for moderators (mail is also logged, or sent by SMTP when configured). */
export async function listOutbox(db: Db, actor: SessionUser, consultationId: string) {
  await requireRole(db, consultationId, actor, ["moderator"]);
  const rows = await db.outboxMessage.findMany({
    where: { consultationId },
    orderBy: { createdAt: "desc" },
    take: 500,
  });
  return rows.map((m) => ({
    id: m.id,
    kind: m.kind,
    to: m.to,
    subject: m.subject,
    createdAt: m.createdAt.toISOString(),
    sentAt: m.sentAt?.toISOString() ?? null,
  }));
}

export const staffMemberSchema = z.object({
  email: z.email({ error: "expected an email address" }).transform((e) => e.toLowerCase()),
  name: z.string().trim().max(200).default(""),
  role: z.enum(["moderator", "observer"], { error: "expected moderator or observer" }),
});

/**
 * Adds a co-moderator or a method-team observer. An existing account joins directly; a new
 * address gets an account and a single-use sign-in link through the outbox.
 */
export async function addStaffMember(
  db: Db,
  actor: SessionUser,
  consultationId: string,
  input: z.input<typeof staffMemberSchema>,
  options: LinkOptions,
) {
  const moderator = await requireRole(db, consultationId, actor, ["moderator"]);
  const parsed = staffMemberSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, "member");
  const { email, name, role } = parsed.data;
  const consultation = await db.consultation.findUniqueOrThrow({ where: { id: consultationId } });
  return db.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email } });
    const user =
      existing ??
      (await tx.user.create({ data: { id: randomUUID(), email, name: name || email, passwordHash: "invite-only" } }));
    if (await tx.member.findUnique({ where: { consultationId_userId: { consultationId, userId: user.id } } }))
      throw new AppError("conflict", `${email} is already a member of this consultation`, [
        { path: "email", message: "already a member" },
      ]);
    const label = role === "moderator" ? "Moderator" : "Observer";
    const pseudonym = `${label} ${(await tx.member.count({ where: { consultationId, role } })) + 1}`;
    const member = await tx.member.create({
      data: { consultationId, userId: user.id, role, pseudonym, joinedAt: existing ? new Date() : null },
    });
    if (!existing) {
      const link = await issueInvitation(tx, member.id, options);
      await queueMail(
        tx,
        consultationId,
        "invitation",
        email,
        `Invitation: ${consultation.title}`,
        `You are invited as ${role} of the Delphi consultation "${consultation.title}".\nOpen this personal link to join (valid 14 days, single use):\n${link}\n`,
        link,
      );
    }
    await appendAuditEvent(tx, {
      consultationId,
      actor: auditActor(moderator),
      type: "member.added",
      payload: { role, pseudonym },
    });
    return { memberId: member.id, role, pseudonym, invited: !existing };
  });
}
