// The statements of the busiest requests — the session behind every request, and ratings (a whole panel
// autosaving at once) — skip the ORM's query compiler and run prepared, on a connection of their own:
// better-sqlite3 on SQLite, a `pg` pool on PostgreSQL. Rules live in server/auth.ts and
// app/models/voting.server.ts; this is storage only. Measured in bench/rating.ts, docs/performance.md.
import { createHash, randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { isPostgresUrl, sqliteFilePath } from "./url.js";

/** Everything a rating is checked against, read in one statement (null: something is missing). */
export interface RatingContextRow {
  number: number;
  status: string;
  /** "rating", or "open": an open round takes comments only (no value). */
  kind: string;
  deadline: Date | null;
  consultationId: string;
  scalePoints: number;
  key: string;
  memberId: string;
  pseudonym: string;
}

export interface RatingWrite {
  consultationId: string;
  roundId: string;
  itemId: string;
  memberId: string;
  value: number | null;
  comment: string;
  suggestion: string;
  salt: string;
  commitment: string;
  /** A real-time round keeps every answer as a revision (RatingRevision), in the rating's transaction. */
  history?: boolean;
}

/** The round as the write found it under its lock, and what was stored. */
export type SaveOutcome =
  | { saved: true; updatedAt: Date; ratedCount: number }
  | { saved: false; round: { status: string; deadline: Date | null } | null };

/** A session and its user, as every request's authentication reads them. */
export interface SessionRow {
  userId: string;
  expiresAt: Date;
  email: string;
  name: string;
  isAdmin: boolean;
  language: string | null;
}

const SESSION = (p: (i: number) => string) => `
  SELECT s."userId", s."expiresAt", u."email", u."name", u."isAdmin", u."language"
  FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE s."id" = ${p(1)}`;

/** How a page names a round: by id (API) or by its number in a consultation (the round page's URL). */
export type RoundRef = { id: string } | { consultationId: string; number: number };

/** The voting page's reads: the round, its consultation and the caller's membership, every item with their answer. */
export interface VotingPageRows {
  round: {
    id: string;
    number: number;
    status: string;
    /** "rating" or "open" (comments and proposals only). */
    kind: string;
    deadline: Date | null;
    consultationId: string;
    title: string;
    scalePoints: number;
    modelVersionId: string;
    /** The consultation's own question per item kind, as stored (shared/delphi/questions.ts). */
    questions: string;
    /** No group figure is shown below it (real-time rounds' live feedback). */
    minGroupSize: number;
  };
  /** Null when the caller is not a member (an admin, or a stranger the caller's rules refuse). */
  member: { id: string; role: string; pseudonym: string; withdrawn: boolean; submitted: boolean } | null;
  items: {
    id: string;
    key: string;
    kind: string;
    wording: string;
    previousId: string | null;
    rating: { value: number | null; comment: string; suggestion: string; updatedAt: Date } | null;
  }[];
  /** Domain and subdomain titles of the consultation's model version, by key. */
  titles: Record<string, string>;
  /** Panellists who submitted the round, of all panellists. */
  progress: { finished: number; panel: number };
}

const VOTING_ROUND = (p: (i: number) => string, by: "id" | "number") => `
  SELECT r."id", r."number", r."status", r."kind", r."deadline", r."consultationId", c."title", c."scalePoints",
         c."modelVersionId", c."questions", c."minGroupSize", m."id" AS "memberId", m."role", m."pseudonym", m."withdrawnAt",
         (SELECT COUNT(*) FROM "Completion" k WHERE k."roundId" = r."id" AND k."memberId" = m."id") AS "submitted",
         (SELECT COUNT(*) FROM "Completion" k WHERE k."roundId" = r."id") AS "finished",
         (SELECT COUNT(*) FROM "Member" p WHERE p."consultationId" = c."id" AND p."role" = 'panellist') AS "panel"
  FROM "Round" r
  JOIN "Consultation" c ON c."id" = r."consultationId"
  LEFT JOIN "Member" m ON m."consultationId" = c."id" AND m."userId" = ${p(1)}
  WHERE ${by === "id" ? `r."id" = ${p(2)}` : `r."consultationId" = ${p(2)} AND r."number" = ${p(3)}`}`;

// A member's own answers only (their id in the join); every item of the round, for the outline and progress.
const VOTING_ITEMS = (p: (i: number) => string) => `
  SELECT i."id", i."key", i."kind", i."wording", i."previousId", g."id" AS "ratingId", g."value", g."comment",
         g."suggestion", g."updatedAt"
  FROM "RoundItem" i LEFT JOIN "Rating" g ON g."roundItemId" = i."id" AND g."memberId" = ${p(1)}
  WHERE i."roundId" = ${p(2)} ORDER BY i."position"`;

const STAFF = (p: (i: number) => string) => `
  SELECT COUNT(*) AS "n" FROM (SELECT 1 FROM "Member" WHERE "userId" = ${p(1)} AND "role" IN ('moderator', 'observer')
  AND "withdrawnAt" IS NULL LIMIT 1) x`;

const MODEL_TITLES = (p: (i: number) => string) => `
  SELECT "key", "title" FROM "Domain" WHERE "versionId" = ${p(1)}
  UNION ALL SELECT "key", "title" FROM "Subdomain" WHERE "versionId" = ${p(1)}`;

interface VotingRoundRow {
  id: string;
  number: number | string;
  status: string;
  kind: string;
  deadline: unknown;
  consultationId: string;
  title: string;
  scalePoints: number | string;
  modelVersionId: string;
  questions: string;
  minGroupSize: number | string;
  memberId: string | null;
  role: string | null;
  pseudonym: string | null;
  withdrawnAt: unknown;
  submitted: number | string;
  finished: number | string;
  panel: number | string;
}

interface VotingItemRow {
  id: string;
  key: string;
  kind: string;
  wording: string;
  previousId: string | null;
  ratingId: string | null;
  value: number | null;
  comment: string | null;
  suggestion: string | null;
  updatedAt: unknown;
}

/** Rows of both drivers into one shape (pg returns counts as strings, SQLite dates as text). */
function votingPageRows(
  round: VotingRoundRow | undefined,
  items: VotingItemRow[],
  titles: { key: string; title: string }[],
): VotingPageRows | null {
  if (!round) return null;
  return {
    round: {
      id: round.id,
      number: Number(round.number),
      status: round.status,
      kind: round.kind,
      deadline: toDate(round.deadline),
      consultationId: round.consultationId,
      title: round.title,
      scalePoints: Number(round.scalePoints),
      modelVersionId: round.modelVersionId,
      questions: round.questions,
      minGroupSize: Number(round.minGroupSize),
    },
    member: round.memberId
      ? {
          id: round.memberId,
          role: round.role!,
          pseudonym: round.pseudonym!,
          withdrawn: round.withdrawnAt !== null && round.withdrawnAt !== undefined,
          submitted: Number(round.submitted) > 0,
        }
      : null,
    items: items.map((i) => ({
      id: i.id,
      key: i.key,
      kind: i.kind,
      wording: i.wording,
      previousId: i.previousId,
      rating: i.ratingId
        ? { value: i.value, comment: i.comment ?? "", suggestion: i.suggestion ?? "", updatedAt: toDate(i.updatedAt)! }
        : null,
    })),
    titles: Object.fromEntries(titles.map((t) => [t.key, t.title])),
    progress: { finished: Number(round.finished), panel: Number(round.panel) },
  };
}

export interface HotPath {
  /**
   * The round's final answers as committed: how many, and the SHA-256 of their commitments sorted, one per line
   * (shared/audit/commitment.ts `answersDigest`). Read in the database, not row by row through the ORM: a
   * 2,000 × 150 round has 300,000.
   */
  answersDigest(roundId: string): Promise<{ answers: number; digest: string }>;
  /** The session stored under this hash (SHA-256 of the cookie's id), with its user. */
  session(hash: string): Promise<SessionRow | null>;
  /** Whether the user moderates or observes a consultation (API tokens; the navigation of every page). */
  staff(userId: string): Promise<boolean>;
  /** Applies an operational PRAGMA to the store's own connection too (SQLite; e.g. a page cap). */
  pragma(sql: string): Promise<void>;
  context(userId: string, roundId: string, itemId: string): Promise<RatingContextRow | null>;
  /** The voting page's reads in three statements, whatever the number of items (null: no such round). */
  votingPage(userId: string, round: RoundRef): Promise<VotingPageRows | null>;
  /**
   * In one transaction: re-reads the round under a lock that closing must wait for, and only if it still
   * accepts answers (open, before its deadline) upserts the rating and appends its commitment to the log.
   */
  save(write: RatingWrite, now?: Date): Promise<SaveOutcome>;
  close(): Promise<void>;
}

const CONTEXT = (p: (i: number) => string) => `
  SELECT r."number", r."status", r."kind", r."deadline", r."consultationId", c."scalePoints", i."key",
         m."id" AS "memberId", m."pseudonym"
  FROM "RoundItem" i
  JOIN "Round" r ON r."id" = i."roundId"
  JOIN "Consultation" c ON c."id" = r."consultationId"
  JOIN "Member" m ON m."consultationId" = c."id" AND m."userId" = ${p(1)} AND m."role" = 'panellist'
                   AND m."withdrawnAt" IS NULL
  WHERE i."id" = ${p(2)} AND i."roundId" = ${p(3)}`;

const UPSERT_COLUMNS = `"id", "roundItemId", "memberId", "value", "comment", "suggestion", "salt", "commitment", "createdAt", "updatedAt"`;
const UPSERT_CONFLICT = `ON CONFLICT ("roundItemId", "memberId") DO UPDATE SET "value" = excluded."value",
  "comment" = excluded."comment", "suggestion" = excluded."suggestion", "salt" = excluded."salt",
  "commitment" = excluded."commitment", "updatedAt" = excluded."updatedAt"`;

// The next revision of (item, member), numbered from 1; run after the upsert, which holds the rating's row lock.
const REVISION = (p: (i: number) => string) => `
  INSERT INTO "RatingRevision" ("value", "comment", "suggestion", "salt", "commitment", "at", "roundItemId", "memberId", "revision")
  SELECT ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}, COALESCE(MAX("revision"), 0) + 1
  FROM "RatingRevision" WHERE "roundItemId" = ${p(9)} AND "memberId" = ${p(10)}`;

const accepting = (round: { status: string; deadline: Date | null }, now: Date) =>
  round.status === "open" && !(round.deadline && round.deadline <= now);

// pg advisory lock class of the rating log (app/models/rating-log.server.ts): writers share it.
export const RATING_LOG_LOCK_CLASS = 0x524c4f47; // "RLOG"

/** Prisma's SQLite adapter stores DateTime as ISO 8601 text with "+00:00": the same here, so both read alike. */
const sqliteTime = (d: Date) => d.toISOString().replace("Z", "+00:00");
const toDate = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

function sqliteStore(path: string): HotPath {
  let db: Database.Database | null = null;
  let statements: ReturnType<typeof prepare> | null = null;
  const prepare = (conn: Database.Database) => ({
    session: conn.prepare(SESSION(() => "?")),
    commitments: conn
      .prepare(
        // Item by item through the covering index on (roundItemId, commitment) — CROSS JOIN fixes that order
        // of the loops, so a database of many rounds is not scanned whole — then one sort of the round's.
        `SELECT r."commitment" FROM "RoundItem" i CROSS JOIN "Rating" r ON r."roundItemId" = i."id"
         WHERE i."roundId" = ? ORDER BY r."commitment"`,
      )
      .pluck(),
    context: conn.prepare(CONTEXT(() => "?")),
    round: conn.prepare(`SELECT "status", "deadline" FROM "Round" WHERE "id" = ?`),
    upsert: conn.prepare(
      `INSERT INTO "Rating" (${UPSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ${UPSERT_CONFLICT}`,
    ),
    log: conn.prepare(`INSERT INTO "RatingLog" ("consultationId", "roundId", "commitment", "at") VALUES (?, ?, ?, ?)`),
    count: conn.prepare(`SELECT COUNT(*) AS "n" FROM "Rating" WHERE "roundItemId" = ?`),
    revision: conn.prepare(REVISION(() => "?")),
    staff: conn.prepare(STAFF(() => "?")).pluck(),
    votingRoundById: conn.prepare(VOTING_ROUND(() => "?", "id")),
    votingRoundByNumber: conn.prepare(VOTING_ROUND(() => "?", "number")),
    votingItems: conn.prepare(VOTING_ITEMS(() => "?")),
    // Named: the version id is used twice.
    titles: conn.prepare(MODEL_TITLES(() => "@version")),
  });
  const open = () => {
    if (!statements) {
      db = new Database(path);
      // A busy database is retried asynchronously (flush below), never waited for inside a call.
      db.pragma("busy_timeout = 0");
      db.pragma("foreign_keys = ON");
      statements = prepare(db);
    }
    return statements;
  };
  const saveOne = (w: RatingWrite, now: Date): SaveOutcome => {
    const s = open();
    const row = s.round.get(w.roundId) as { status: string; deadline: string | null } | undefined;
    const round = row ? { status: row.status, deadline: toDate(row.deadline) } : null;
    if (!round || !accepting(round, now)) return { saved: false, round };
    const at = sqliteTime(now);
    s.upsert.run(randomUUID(), w.itemId, w.memberId, w.value, w.comment, w.suggestion, w.salt, w.commitment, at, at);
    s.log.run(w.consultationId, w.roundId, w.commitment, at);
    if (w.history)
      s.revision.run(
        w.value,
        w.comment,
        w.suggestion,
        w.salt,
        w.commitment,
        at,
        w.itemId,
        w.memberId,
        w.itemId,
        w.memberId,
      );
    const { n } = s.count.get(w.itemId) as { n: number };
    return { saved: true, updatedAt: now, ratedCount: n };
  };

  // Group commit: the writes that arrive within one event-loop turn share one transaction (one WAL sync
  // instead of one each); every write still re-checks its round inside it.
  interface Pending {
    write: RatingWrite;
    now: Date;
    resolve(outcome: SaveOutcome): void;
    reject(error: unknown): void;
  }
  let queue: Pending[] = [];
  const commit = (batch: Pending[]) => {
    const outcomes = db!.transaction(() => batch.map((p) => saveOne(p.write, p.now))).immediate();
    batch.forEach((p, i) => p.resolve(outcomes[i]!));
  };
  const flush = async () => {
    const batch = queue;
    queue = [];
    open();
    // Another connection (the ORM's transaction, another process) holds the write lock: try again shortly,
    // for up to 15 s like the ORM's own transactions. Never wait inside the synchronous call: that would
    // block the event loop the other transaction needs to finish.
    const giveUp = Date.now() + 15_000;
    for (let wait = 1; ; wait = Math.min(wait * 2, 20)) {
      try {
        return commit(batch);
      } catch (error) {
        const code = (error as { code?: string }).code ?? "";
        if (code.startsWith("SQLITE_BUSY") && Date.now() < giveUp) {
          await new Promise((resolve) => setTimeout(resolve, wait * (0.5 + Math.random())));
          continue;
        }
        // One failing write must not fail the others of its batch: alone, each gets its own answer.
        if (batch.length > 1) {
          for (const p of batch) {
            try {
              commit([p]);
            } catch (alone) {
              p.reject(alone);
            }
          }
          return;
        }
        batch[0]!.reject(error);
        return;
      }
    }
  };
  return {
    async pragma(sql) {
      open();
      db!.pragma(sql);
    },
    async answersDigest(roundId) {
      // Streamed into the hash in 64 KB pieces: the same bytes as joining the sorted commitments with "\n",
      // without holding 300,000 strings and their 19 MB join at once.
      const hash = createHash("sha256");
      let answers = 0;
      let piece = "";
      for (const commitment of open().commitments.iterate(roundId) as IterableIterator<string>) {
        piece += answers++ ? `\n${commitment}` : commitment;
        if (piece.length >= 65_536) {
          hash.update(piece, "utf8");
          piece = "";
        }
      }
      return { answers, digest: hash.update(piece, "utf8").digest("hex") };
    },
    async session(hash) {
      const row = open().session.get(hash) as
        (Omit<SessionRow, "expiresAt" | "isAdmin"> & { expiresAt: string; isAdmin: number }) | undefined;
      return row ? { ...row, expiresAt: new Date(row.expiresAt), isAdmin: Boolean(row.isAdmin) } : null;
    },
    async context(userId, roundId, itemId) {
      const row = open().context.get(userId, itemId, roundId) as
        (Omit<RatingContextRow, "deadline"> & { deadline: string | null }) | undefined;
      return row ? { ...row, deadline: toDate(row.deadline) } : null;
    },
    async staff(userId) {
      return (open().staff.get(userId) as number) > 0;
    },
    async votingPage(userId, ref) {
      const s = open();
      const round = (
        "id" in ref
          ? s.votingRoundById.get(userId, ref.id)
          : s.votingRoundByNumber.get(userId, ref.consultationId, ref.number)
      ) as VotingRoundRow | undefined;
      if (!round) return null;
      const items = s.votingItems.all(round.memberId, round.id) as VotingItemRow[];
      const titles = s.titles.all({ version: round.modelVersionId }) as { key: string; title: string }[];
      return votingPageRows(round, items, titles);
    },
    save(write, now = new Date()) {
      return new Promise<SaveOutcome>((resolve, reject) => {
        if (queue.push({ write, now, resolve, reject }) === 1) setImmediate(() => void flush());
      });
    },
    async close() {
      db?.close();
      db = null;
      statements = null;
    },
  };
}

// "timestamp(3)" columns hold UTC (as Prisma writes them); pg would read them as local time.
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === pg.types.builtins.TIMESTAMP
      ? (v: string) => new Date(`${v.replace(" ", "T")}Z`)
      : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

function postgresStore(url: string): HotPath {
  let pool: pg.Pool | null = null;
  const open = () => {
    if (!pool) {
      pool = new pg.Pool({ connectionString: url, max: 10, types });
      // An idle connection dropped by the server (restart, outage) is discarded; the next query reconnects.
      pool.on("error", () => {});
    }
    return pool;
  };
  const p = (i: number) => `$${i}`;
  return {
    async pragma() {},
    async answersDigest(roundId) {
      // On a connection of its own, not the writers' pool: closing reads this while its transaction holds the
      // round's row lock, and rating writes that arrive meanwhile hold pool connections waiting for that lock —
      // ten of them would leave the digest no connection until the close timed out.
      const client = new pg.Client({ connectionString: url, types });
      await client.connect();
      try {
        const { rows } = await client.query({
          text: `SELECT COUNT(*) AS "answers", encode(sha256(convert_to(
                   COALESCE(string_agg(r."commitment", E'\n' ORDER BY r."commitment" COLLATE "C"), ''), 'UTF8')), 'hex') AS "digest"
                 FROM "Rating" r JOIN "RoundItem" i ON i."id" = r."roundItemId" WHERE i."roundId" = $1`,
          values: [roundId],
        });
        return { answers: Number(rows[0].answers), digest: rows[0].digest as string };
      } finally {
        await client.end();
      }
    },
    async session(hash) {
      const { rows } = await open().query({ name: "session", text: SESSION(p), values: [hash] });
      return (rows[0] as SessionRow | undefined) ?? null;
    },
    async context(userId, roundId, itemId) {
      const { rows } = await open().query({
        name: "rating-context",
        text: CONTEXT(p),
        values: [userId, itemId, roundId],
      });
      const row = rows[0] as (RatingContextRow & { scalePoints: number | string }) | undefined;
      return row ? { ...row, number: Number(row.number), scalePoints: Number(row.scalePoints) } : null;
    },
    async staff(userId) {
      const { rows } = await open().query({ name: "staff", text: STAFF(p), values: [userId] });
      return Number(rows[0].n) > 0;
    },
    async votingPage(userId, ref) {
      const byId = "id" in ref;
      const { rows } = await open().query({
        name: byId ? "voting-round-id" : "voting-round-number",
        text: VOTING_ROUND(p, byId ? "id" : "number"),
        values: byId ? [userId, ref.id] : [userId, ref.consultationId, ref.number],
      });
      const round = rows[0] as VotingRoundRow | undefined;
      if (!round) return null;
      const [items, titles] = await Promise.all([
        open().query({ name: "voting-items", text: VOTING_ITEMS(p), values: [round.memberId, round.id] }),
        open().query({ name: "model-titles", text: MODEL_TITLES(p), values: [round.modelVersionId] }),
      ]);
      return votingPageRows(round, items.rows as VotingItemRow[], titles.rows as { key: string; title: string }[]);
    },
    async save(w, now = new Date()) {
      const client = await open().connect();
      try {
        await client.query("BEGIN");
        const { rows } = await client.query({
          name: "rating-round",
          // FOR SHARE: closing (an UPDATE of this row) waits for the writes that found the round open.
          text: `SELECT "status", "deadline", pg_advisory_xact_lock_shared(${RATING_LOG_LOCK_CLASS}, hashtext("consultationId"))
                 FROM "Round" WHERE "id" = $1 FOR SHARE`,
          values: [w.roundId],
        });
        const round = rows[0] ? { status: rows[0].status as string, deadline: toDate(rows[0].deadline) } : null;
        if (!round || !accepting(round, now)) {
          await client.query("ROLLBACK");
          return { saved: false, round };
        }
        const saved = await client.query({
          name: "rating-upsert",
          text: `WITH saved AS (
                   INSERT INTO "Rating" (${UPSERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) ${UPSERT_CONFLICT}
                   RETURNING "roundItemId"
                 ), logged AS (
                   INSERT INTO "RatingLog" ("consultationId", "roundId", "commitment", "at")
                   SELECT $10, $11, $8, $9 FROM saved
                 )
                 SELECT (SELECT COUNT(*) FROM "Rating" WHERE "roundItemId" = $2) + 1 - (
                   SELECT COUNT(*) FROM "Rating" WHERE "roundItemId" = $2 AND "memberId" = $3) AS "n"`,
          values: [
            randomUUID(),
            w.itemId,
            w.memberId,
            w.value,
            w.comment,
            w.suggestion,
            w.salt,
            w.commitment,
            now.toISOString(),
            w.consultationId,
            w.roundId,
          ],
        });
        // A statement of its own: it sees the revision of a concurrent write that the upsert waited for.
        if (w.history)
          await client.query({
            name: "rating-revision",
            text: REVISION(p),
            values: [
              w.value,
              w.comment,
              w.suggestion,
              w.salt,
              w.commitment,
              now.toISOString(),
              w.itemId,
              w.memberId,
              w.itemId,
              w.memberId,
            ],
          });
        await client.query("COMMIT");
        return { saved: true, updatedAt: now, ratedCount: Number(saved.rows[0].n) };
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      const closing = pool;
      pool = null;
      await closing?.end();
    },
  };
}

export function openHotPath(url: string): HotPath {
  return isPostgresUrl(url) ? postgresStore(url) : sqliteStore(sqliteFilePath(url));
}

// On the client object itself, under a global symbol: the Remix build bundles its own copy of this module,
// and both copies must find the store that openDb attached.
const STORE = Symbol.for("delphi-mlm.hotPath");

/** Gives a database client its hot path (server/db/client.ts does, for every client it opens). */
export function attachHotPath(db: object, store: HotPath) {
  Object.defineProperty(db, STORE, { value: store, enumerable: false });
}

export function hotPathOf(db: object): HotPath {
  const store = (db as { [STORE]?: HotPath })[STORE];
  if (!store) throw new Error("this database client was not opened with openDb: it has no hot path");
  return store;
}
