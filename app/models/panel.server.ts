// The expert panel: adding panellists (one by one or from CSV, all-or-nothing), single-use
// expiring invitation links, the outbox, reminders and withdrawal of consent.
//
// Invitation tokens exist only inside the message that carries them: a queued message holds the
// placeholder {{link}}; the mailer mints the token when it sends (mintInvitationLink), stores its
// SHA-256 and scrubs the link from the stored body. No role, page, API or database copy can show a link.
import { createHash, randomBytes, randomInt, randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "../../server/db/client.js";
import type { Limiter } from "../../server/rate-limits.js";
import { readCsv } from "../../shared/csv.js";
import { panellistSchema, wellFormedText, type NewPanellist } from "../../shared/delphi/schemas.js";
import { AppError, formatPath, fromZodError } from "../../shared/errors/app-error.js";
import { auditActor, requireRole } from "./access.server.js";
import { appendAuditEvent } from "./audit.server.js";
import { noLiveEvents, type LiveEvents } from "./events.js";
import { invitationMail, reminderMail, signInMail, staffInvitationMail } from "./mail-text.server.js";
import type { SessionUser } from "./user.server.js";

export const INVITATION_TTL_MS = 14 * 24 * 3600 * 1000;
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** What a queued message holds where its sign-in link will go. */
export { LINK_PLACEHOLDER } from "./mail-text.server.js";
/** What the stored body holds after sending, instead of the link. */
export const SCRUBBED_LINK = "[personal sign-in link, removed after sending]";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Kept for the callers' signature; links are now built by the mailer from the server's public URL. */
interface LinkOptions {
  publicUrl: string;
  now?: Date;
}

type MailKind = "invitation" | "reminder" | "sign-in" | "round-opened";

/** Queues a message whose sign-in link is created only when it is sent (no token exists until then). */
export async function queueLinkMail(
  tx: Tx,
  mail: { consultationId: string; memberId: string; kind: MailKind; to: string; subject: string; body: string },
  now = new Date(),
) {
  const invitation = await tx.invitation.create({
    data: { memberId: mail.memberId, tokenHash: null, expiresAt: new Date(now.getTime() + INVITATION_TTL_MS) },
  });
  await tx.outboxMessage.create({
    data: {
      consultationId: mail.consultationId,
      kind: mail.kind,
      to: mail.to,
      subject: mail.subject,
      body: mail.body,
      invitationId: invitation.id,
    },
  });
}

/**
 * Called by the mailer at send time: a fresh random token for the invitation, only its hash stored,
 * valid for 14 days from now. Returns the link to put into this one message.
 */
export async function mintInvitationLink(db: Db, invitationId: string, publicUrl: string, now = new Date()) {
  const token = randomBytes(32).toString("base64url");
  const { count } = await db.invitation.updateMany({
    where: { id: invitationId, usedAt: null },
    data: { tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + INVITATION_TTL_MS) },
  });
  if (count !== 1) return null;
  return `${publicUrl.replace(/\/$/, "")}/invite/${token}`;
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

/** "Invalid panellist: [0].email: …; [2].name: …" with each problem as a detail. */
function panellistError(code: "validation" | "conflict", issues: { path: string; message: string }[]) {
  return new AppError(code, `Invalid panellist: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, issues);
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
  // Every problem of the list at once, so a form or a file is fixed in one go.
  const invalid: { path: string; message: string }[] = [];
  const parsed = people.map((p, i) => {
    const r = panellistSchema.safeParse(p);
    if (!r.success)
      for (const issue of r.error.issues)
        invalid.push({ path: formatPath([i, ...issue.path]), message: issue.message });
    return r.data!;
  });
  const emails = new Set<string>();
  parsed.forEach((p, i) => {
    if (!p) return;
    if (emails.has(p.email)) invalid.push({ path: `[${i}].email`, message: `${p.email} appears twice` });
    emails.add(p.email);
  });
  if (invalid.length) throw panellistError("validation", invalid);
  const consultation = await db.consultation.findUniqueOrThrow({ where: { id: consultationId } });
  return db.$transaction(async (tx) => {
    const accounts = await tx.user.findMany({
      where: { email: { in: parsed.map((p) => p.email) } },
      include: { members: { where: { consultationId } } },
    });
    const accountOf = new Map(accounts.map((u) => [u.email, u]));
    // One person, one role: staff see who is on the panel, so a moderator or observer who also
    // answered would know one identity behind the pseudonyms.
    const conflicts = parsed.flatMap((p, i) => {
      const already = accountOf.get(p.email)?.members[0];
      if (!already) return [];
      return [
        {
          path: `[${i}].email`,
          message:
            already.role === "panellist"
              ? `${p.email} is already on the panel of this consultation`
              : `${p.email} is ${already.role === "moderator" ? "a moderator" : "an observer"} of this consultation; staff cannot also be panellists`,
        },
      ];
    });
    if (conflicts.length) throw panellistError("conflict", conflicts);
    const added: { memberId: string; email: string; keptName?: string; note?: string }[] = [];
    for (const p of parsed) {
      const existing = accountOf.get(p.email);
      const user =
        existing ??
        // Invited experts sign in through their link; "invite-only" is not a password hash, so password login fails.
        (await tx.user.create({
          data: { id: randomUUID(), email: p.email, name: p.name, passwordHash: "invite-only", language: p.language },
        }));
      // The moderator's choice of language holds until the person chooses their own.
      if (existing && !existing.language && p.language)
        await tx.user.update({ where: { id: existing.id }, data: { language: p.language } });
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
      await queueLinkMail(
        tx,
        {
          consultationId,
          memberId: member.id,
          kind: "invitation",
          to: p.email,
          ...invitationMail(user, consultation.title),
        },
        options.now,
      );
      // The log names the pseudonym and the attributes reported in the study, never the identity.
      await appendAuditEvent(tx, {
        consultationId,
        actor: auditActor(moderator),
        type: "panellist.invited",
        // Never the pseudonym, in either mode: moderators know whom they invited and when, and must not be
        // able to tie a pseudonym's answers back to a person (quasi-anonymous only adds who has not finished).
        payload: {
          stakeholderType: p.stakeholderType,
          country: p.country,
          gender: p.gender,
        },
      });
      // No pseudonym in the answer: the moderator who adds a person must not learn which pseudonym is theirs.
      // A person's account is theirs: a moderator's spelling of the name does not overwrite it, and is told so.
      added.push(
        existing && existing.name !== p.name
          ? {
              memberId: member.id,
              email: p.email,
              keptName: existing.name,
              note: `${p.email} already has an account named '${existing.name}'; kept that name`,
            }
          : { memberId: member.id, email: p.email },
      );
    }
    return added;
  });
}

const CSV_COLUMNS = [
  "name",
  "email",
  "stakeholder type",
  "country",
  "gender",
  "working group/expertise",
  "language",
] as const;
const FIELD_FOR_COLUMN: Record<(typeof CSV_COLUMNS)[number], keyof NewPanellist> = {
  name: "name",
  email: "email",
  "stakeholder type": "stakeholderType",
  country: "country",
  gender: "gender",
  "working group/expertise": "expertise",
  language: "language",
};

/** "Invalid CSV: line 3: …; line 5: …; nothing was imported": every problem of the file, each with its line. */
function csvError(issues: { path: string; message: string }[]) {
  return new AppError(
    "validation",
    `Invalid CSV: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}; nothing was imported`,
    issues,
  );
}

/** Parses a panel CSV (header row required); any bad row fails the whole file, all bad rows named by line. */
export function parsePanelCsv(csv: string): { people: NewPanellist[]; lines: number[] } {
  const { rows, errors } = readCsv(csv);
  const issues: { path: string; message: string }[] = errors.map((e) => ({
    path: `line ${e.line}`,
    message: e.reason,
  }));
  const [header, ...body] = rows;
  if (!header) {
    if (issues.length) throw csvError(issues);
    throw new AppError("validation", "Invalid CSV: the file is empty", []);
  }
  const columns = header.cells.map((c) => c.trim().toLowerCase());
  const missing = CSV_COLUMNS.slice(0, 3).filter((c) => !columns.includes(c));
  // Without the columns no row can be read, so the header is the one thing to fix first.
  if (missing.length)
    throw new AppError(
      "validation",
      `Invalid CSV: line ${header.line}: missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (expected: ${CSV_COLUMNS.join(", ")})`,
      [
        {
          path: `line ${header.line}`,
          message: `missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (expected: ${CSV_COLUMNS.join(", ")})`,
        },
      ],
    );
  if (!body.length && !issues.length)
    throw new AppError("validation", "Invalid CSV: no panellist rows after the header", []);
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
  if (issues.length) throw csvError(issues.sort((a, b) => Number(a.path.slice(5)) - Number(b.path.slice(5))));
  return { people, lines: body.map((row) => row.line) };
}

export async function importPanelCsv(
  db: Db,
  actor: SessionUser,
  consultationId: string,
  csv: string,
  options: LinkOptions,
) {
  await requireRole(db, consultationId, actor, ["moderator"]);
  const { people, lines } = parsePanelCsv(csv);
  try {
    return await addPanellists(db, actor, consultationId, people, options);
  } catch (error) {
    // "[2].email" means the third person of the file: say which line of the file that is.
    if (!(error instanceof AppError) || error.code !== "conflict") throw error;
    const issues = error.details.map((d) => ({
      path: `line ${lines[Number(/^\[(\d+)\]/.exec(d.path)?.[1])] ?? "?"}`,
      message: d.message,
    }));
    throw new AppError(
      "conflict",
      `Invalid CSV: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}; nothing was imported`,
      issues,
    );
  }
}

/** What redeeming a link did: signed in a link-only account, joined a signed-in invitee, or asks for a log-in. */
export type Redemption =
  { outcome: "signed-in" | "joined"; userId: string; consultationId: string } | { outcome: "log-in-first" };

const INVALID_LINK = "This invitation link is not valid. Ask the moderator for a new one.";

/**
 * Redeems a single-use link. Only an account that has nothing but links (invite-only, not an admin, no
 * other consultation) is signed in by it: anyone else — someone with a password, an admin, a member of
 * another study — must log in normally first, so a link can never open an existing account. A link
 * opened while signed in as somebody else is refused and stays usable for its owner.
 */
export async function redeemInvitation(
  db: Db,
  token: string,
  options: { signedIn?: SessionUser | null; now?: Date } = {},
): Promise<Redemption> {
  const now = options.now ?? new Date();
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { member: { include: { user: true, consultation: { select: { anonymity: true } } } } },
  });
  if (!invitation || invitation.member.withdrawnAt) throw new AppError("not_found", INVALID_LINK);
  if (invitation.usedAt)
    throw new AppError("conflict", "This invitation link was already used. Ask the moderator for a new one.");
  if (invitation.expiresAt <= now)
    throw new AppError("conflict", "This invitation link has expired. Ask the moderator for a new one.");
  const { member } = invitation;
  if (options.signedIn && options.signedIn.id !== member.userId)
    throw new AppError(
      "forbidden",
      "This link belongs to another account than the one you are signed in with. Log out, then open it again.",
    );
  if (!options.signedIn && !(await signsInByLink(db, invitation.id, member))) return { outcome: "log-in-first" };
  // The conditional update makes two simultaneous redemptions of one link succeed only once.
  const { count } = await db.invitation.updateMany({
    where: { id: invitation.id, usedAt: null },
    data: { usedAt: now },
  });
  if (count !== 1)
    throw new AppError("conflict", "This invitation link was already used. Ask the moderator for a new one.");
  const joined = await db.member.updateMany({ where: { id: member.id, joinedAt: null }, data: { joinedAt: now } });
  if (joined.count)
    await appendAuditEvent(db, {
      consultationId: member.consultationId,
      // "system", not the pseudonym: the moderator sees who joined on the panel list, at about this time.
      actor: "system",
      type: "panellist.joined",
      payload: {},
    });
  return {
    outcome: options.signedIn ? "joined" : "signed-in",
    userId: member.userId,
    consultationId: member.consultationId,
  };
}

/**
 * The study a still-valid link invites to, for its invitation page: title and the moderator's introduction.
 * Nothing for a used, expired or unknown link, so a forwarded old link tells nobody what the study is.
 */
export async function invitedStudy(db: Db, token: string, now = new Date()) {
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { member: { include: { consultation: { select: { title: true, description: true } } } } },
  });
  if (!invitation || invitation.usedAt || invitation.expiresAt <= now || invitation.member.withdrawnAt) return null;
  const { title, description } = invitation.member.consultation;
  return { title, introduction: description, role: invitation.member.role };
}

async function signsInByLink(
  db: Db,
  invitationId: string,
  member: { consultationId: string; userId: string; user: { passwordHash: string; isAdmin: boolean } },
) {
  if (member.user.isAdmin || member.user.passwordHash !== "invite-only") return false;
  // A sign-in link the account asked for itself (login page) is not tied to one study's panel.
  const message = await db.outboxMessage.findFirst({ where: { invitationId }, select: { kind: true } });
  if (message?.kind === "sign-in") return true;
  const elsewhere = await db.member.count({
    where: { userId: member.userId, consultationId: { not: member.consultationId } },
  });
  return elsewhere === 0;
}

/**
 * "Email me a sign-in link" from the login page. Only link-only accounts (invite-only, not admin) get
 * one, through the outbox of their latest study; everybody else gets nothing. The caller answers the
 * same either way.
 */
export async function requestSignInLink(db: Db, limiter: Limiter, email: string, now = new Date()) {
  const address = email.trim().toLowerCase();
  if (!z.email().safeParse(address).success)
    throw new AppError("validation", "Invalid email: expected an email address", [
      { path: "email", message: "expected an email address" },
    ]);
  const wait = await limiter.take(address);
  if (wait > 0) throw new AppError("rate_limited", `Too many sign-in link requests: try again in ${wait} s.`);
  const user = await db.user.findUnique({
    where: { email: address },
    include: {
      members: {
        where: { withdrawnAt: null },
        orderBy: { createdAt: "desc" },
        take: 1,
        include: { consultation: { select: { title: true } } },
      },
    },
  });
  const member = user?.members[0];
  if (!user || !member || user.isAdmin || user.passwordHash !== "invite-only") return;
  await db.$transaction((tx) =>
    queueLinkMail(
      tx,
      {
        consultationId: member.consultationId,
        memberId: member.id,
        kind: "sign-in",
        to: user.email,
        ...signInMail(user),
      },
      now,
    ),
  );
}

/** Reminds the panellists who have not submitted the round; each gets a fresh sign-in link. */
export async function sendReminders(db: Db, actor: SessionUser, roundId: string, options: LinkOptions) {
  const round = await db.round.findUnique({ where: { id: roundId }, include: { consultation: true } });
  if (!round) throw new AppError("not_found", `No round ${roundId}`);
  const moderator = await requireRole(db, round.consultationId, actor, ["moderator"]);
  if (round.status !== "open")
    throw new AppError("conflict", `Round ${round.number} is ${round.status}: reminders are for open rounds`);
  const reminded = await db.$transaction(async (tx) => {
    const count = await queueReminders(tx, round, options.now);
    // Only the count: in quasi-anonymous studies moderators see the names of who has not finished,
    // so pseudonyms here would tie names to pseudonyms (and so to answers).
    await appendAuditEvent(tx, {
      consultationId: round.consultationId,
      actor: auditActor(moderator),
      type: "reminders.sent",
      payload: { round: round.number, reminded: count },
    });
    return count;
  });
  return { reminded };
}

/** Queues a reminder with a fresh sign-in link to every panellist who has not submitted the round; returns how many. */
export async function queueReminders(
  tx: Tx,
  round: { id: string; number: number; consultationId: string; deadline: Date | null; consultation: { title: string } },
  now = new Date(),
) {
  const pending = await tx.member.findMany({
    where: {
      consultationId: round.consultationId,
      role: "panellist",
      withdrawnAt: null,
      completions: { none: { roundId: round.id } },
    },
    include: { user: true },
  });
  for (const m of pending) {
    await queueLinkMail(
      tx,
      {
        consultationId: round.consultationId,
        memberId: m.id,
        kind: "reminder",
        to: m.user.email,
        ...reminderMail(m.user, round, round.consultation.title),
      },
      now,
    );
  }
  return pending.length;
}

/**
 * The panel as people, for its moderators: who, their attributes, invited/joined/withdrawn. No pseudonyms:
 * the moderator manages who is on the panel, never who answered what.
 */
export async function listPanel(db: Db, actor: SessionUser, consultationId: string) {
  await requireRole(db, consultationId, actor, ["moderator"]);
  const members = await db.member.findMany({
    where: { consultationId, role: "panellist" },
    orderBy: { createdAt: "asc" },
    include: { user: { select: { name: true, email: true } } },
  });
  return members.map((m) => ({
    memberId: m.id,
    name: m.user.name,
    email: m.user.email,
    stakeholderType: m.stakeholderType,
    country: m.country,
    joined: m.joinedAt !== null,
    withdrawn: m.withdrawnAt !== null,
    withdrawnAnswers: m.withdrawnAnswers,
  }));
}

/** What an anonymous study's outbox shows instead of a reminder's address. */
export const REMINDER_RECIPIENT = "a panellist who has not finished";

/** The outbox, for moderators: who, what kind, queued/sent/failed, when — never a body or a link. */
export async function listOutbox(db: Db, actor: SessionUser, consultationId: string) {
  await requireRole(db, consultationId, actor, ["moderator"]);
  const { anonymity } = await db.consultation.findUniqueOrThrow({
    where: { id: consultationId },
    select: { anonymity: true },
  });
  const rows = await db.outboxMessage.findMany({
    where: { consultationId },
    orderBy: { createdAt: "desc" },
    take: 500,
    select: { id: true, kind: true, to: true, subject: true, createdAt: true, sentAt: true, error: true },
  });
  return rows.map((m) => ({
    id: m.id,
    kind: m.kind,
    // Reminders go to whoever has not finished: in an anonymous study the moderator learns only how many.
    to: anonymity === "anonymous" && m.kind === "reminder" ? REMINDER_RECIPIENT : m.to,
    subject: m.subject,
    status: m.sentAt ? ("sent" as const) : m.error ? ("failed" as const) : ("queued" as const),
    createdAt: m.createdAt.toISOString(),
    sentAt: m.sentAt?.toISOString() ?? null,
  }));
}

export const staffMemberSchema = z.object({
  email: z.email({ error: "expected an email address" }).transform((e) => e.toLowerCase()),
  name: wellFormedText().trim().max(200).default(""),
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
    const already = await tx.member.findUnique({
      where: { consultationId_userId: { consultationId, userId: user.id } },
    });
    if (already)
      throw new AppError(
        "conflict",
        already.role === "panellist"
          ? `${email} is a panellist of this consultation; panellists cannot also be ${role}s`
          : `${email} is already ${already.role === "moderator" ? "a moderator" : "an observer"} of this consultation`,
        [{ path: "email", message: already.role === "panellist" ? "is panellist" : "already a member" }],
      );
    const label = role === "moderator" ? "Moderator" : "Observer";
    const pseudonym = `${label} ${(await tx.member.count({ where: { consultationId, role } })) + 1}`;
    const member = await tx.member.create({
      data: { consultationId, userId: user.id, role, pseudonym, joinedAt: existing ? new Date() : null },
    });
    if (!existing)
      await queueLinkMail(
        tx,
        {
          consultationId,
          memberId: member.id,
          kind: "invitation",
          to: email,
          ...staffInvitationMail(user, role, consultation.title),
        },
        options.now,
      );
    await appendAuditEvent(tx, {
      consultationId,
      actor: auditActor(moderator),
      type: "member.added",
      payload: { role, pseudonym },
    });
    return { memberId: member.id, role, pseudonym, invited: !existing };
  });
}

export const withdrawalSchema = z.object({
  answers: z.enum(["keep", "exclude"], {
    error: 'expected "keep" or "exclude" (what happens to their earlier answers)',
  }),
});

/**
 * Withdrawal of consent: the panellist is refused everywhere from now on (membership() treats them as a
 * stranger; open connections are closed) and the method choice for their earlier answers is recorded —
 * "exclude" takes them out of round figures, feedback, exports and reports, "keep" leaves them in.
 */
export async function withdrawPanellist(
  db: Db,
  actor: SessionUser,
  consultationId: string,
  memberId: string,
  input: unknown,
  events: LiveEvents = noLiveEvents,
) {
  const moderator = await requireRole(db, consultationId, actor, ["moderator"]);
  const parsed = withdrawalSchema.safeParse(input ?? {});
  if (!parsed.success) throw fromZodError(parsed.error, "withdrawal");
  const { answers } = parsed.data;
  await db
    .$transaction(async (tx) => {
      const member = await tx.member.findFirst({ where: { id: memberId, consultationId, role: "panellist" } });
      if (!member) throw new AppError("not_found", `No panellist ${memberId} in this consultation`);
      if (member.withdrawnAt) throw new AppError("conflict", "This panellist has already withdrawn");
      await tx.member.update({
        where: { id: member.id },
        data: { withdrawnAt: new Date(), withdrawnAnswers: answers },
      });
      // Links not yet used must not let them back in.
      await tx.invitation.updateMany({ where: { memberId: member.id, usedAt: null }, data: { usedAt: new Date() } });
      await appendAuditEvent(tx, {
        consultationId,
        actor: auditActor(moderator),
        type: "panellist.withdrawn",
        // Not the pseudonym, in either mode: moderators know whom they withdrew; that must not name a pseudonym.
        payload: { answers },
      });
      return member;
    })
    .then((member) => events.accessRevoked?.({ userId: member.userId }));
  return { memberId, withdrawn: true, answers };
}

/** Where a query reads panellists' answers: those of a panellist withdrawn with "exclude" do not count. */
export const COUNTED_MEMBER = { OR: [{ withdrawnAnswers: null }, { withdrawnAnswers: "keep" }] };
