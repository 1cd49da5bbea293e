// The rating path's baseline, in its own process like the app: a bare Node HTTP server doing the same work by
// hand with prepared statements — session lookup from the cookie, one check that the item is in an open round
// and the caller on its panel, the rating's upsert and one audit row (the rating log) — and nothing else (no
// framework, no validation beyond JSON, no commitments, no live events).
//   node --import tsx bench/bare-rating.ts <DATABASE_URL>
import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Database from "better-sqlite3";
import pg from "pg";
import { isPostgresUrl, sqliteFilePath } from "../server/db/url.js";

const url = process.argv[2] ?? process.env.DATABASE_URL ?? "";
const PATH = /^\/api\/v1\/rounds\/([^/]+)\/items\/([^/]+)\/rating$/;

const SESSION = (p: (i: number) => string) => `SELECT "userId" FROM "Session" WHERE "id" = ${p(1)}`;
const CHECK = (p: (i: number) => string) => `
  SELECT r."consultationId", m."id" AS "memberId" FROM "RoundItem" i
  JOIN "Round" r ON r."id" = i."roundId" AND r."status" = 'open'
  JOIN "Member" m ON m."consultationId" = r."consultationId" AND m."userId" = ${p(1)} AND m."role" = 'panellist'
  WHERE i."id" = ${p(2)} AND i."roundId" = ${p(3)}`;
const UPSERT = (p: (i: number) => string) => `
  INSERT INTO "Rating" ("id", "roundItemId", "memberId", "value", "createdAt", "updatedAt")
  VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)})
  ON CONFLICT ("roundItemId", "memberId") DO UPDATE SET "value" = excluded."value", "updatedAt" = excluded."updatedAt"`;
const AUDIT = (p: (i: number) => string) =>
  `INSERT INTO "RatingLog" ("consultationId", "roundId", "commitment", "at") VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)})`;

interface Work {
  session(hash: string): Promise<string | undefined>;
  check(
    userId: string,
    itemId: string,
    roundId: string,
  ): Promise<{ consultationId: string; memberId: string } | undefined>;
  rate(itemId: string, memberId: string, value: number | null, consultationId: string, roundId: string): Promise<void>;
}

function sqlite(): Work {
  const db = new Database(sqliteFilePath(url));
  db.pragma("busy_timeout = 5000");
  const q = () => "?";
  const session = db.prepare(SESSION(q));
  const check = db.prepare(CHECK(q));
  const upsert = db.prepare(UPSERT(q));
  const audit = db.prepare(AUDIT(q));
  const rate = db.transaction((itemId: string, memberId: string, value: number | null, c: string, r: string) => {
    const at = new Date().toISOString().replace("Z", "+00:00");
    upsert.run(randomUUID(), itemId, memberId, value, at, at);
    audit.run(c, r, "bare", at);
  });
  return {
    session: async (hash) => (session.get(hash) as { userId: string } | undefined)?.userId,
    check: async (u, i, r) => check.get(u, i, r) as { consultationId: string; memberId: string } | undefined,
    rate: async (i, m, v, c, r) => void rate(i, m, v, c, r),
  };
}

function postgres(): Work {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const p = (i: number) => `$${i}`;
  return {
    async session(hash) {
      return (await pool.query({ name: "s", text: SESSION(p), values: [hash] })).rows[0]?.userId;
    },
    async check(u, i, r) {
      return (await pool.query({ name: "c", text: CHECK(p), values: [u, i, r] })).rows[0];
    },
    async rate(itemId, memberId, value, c, r) {
      const client = await pool.connect();
      try {
        const at = new Date().toISOString();
        await client.query("BEGIN");
        await client.query({ name: "u", text: UPSERT(p), values: [randomUUID(), itemId, memberId, value, at, at] });
        await client.query({ name: "a", text: AUDIT(p), values: [c, r, "bare", at] });
        await client.query("COMMIT");
      } finally {
        client.release();
      }
    },
  };
}

const work = isPostgresUrl(url) ? postgres() : sqlite();

function reply(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  const m = PATH.exec(req.url ?? "");
  if (req.url === "/healthz") return reply(res, 200, { ok: true });
  if (req.method !== "PUT" || !m) return reply(res, 404, { error: "not found" });
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const id = /delphi_session=([^;]+)/.exec(req.headers.cookie ?? "")?.[1];
  const userId = id && (await work.session(createHash("sha256").update(id).digest("hex")));
  if (!userId) return reply(res, 401, { error: "unauthenticated" });
  const [, roundId, itemId] = m as unknown as [string, string, string];
  const found = await work.check(userId, itemId, roundId);
  if (!found) return reply(res, 404, { error: "not found" });
  const { value } = JSON.parse(Buffer.concat(chunks).toString()) as { value: number | null };
  await work.rate(itemId, found.memberId, value, found.consultationId, roundId);
  reply(res, 200, { itemId, value });
}

const server = createServer((req, res) => {
  handle(req, res).catch((error) => reply(res, 500, { error: String(error) }));
});
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? "127.0.0.1", () => {
  console.log(`bare rating server listening on ${(server.address() as AddressInfo).port}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
