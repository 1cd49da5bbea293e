// The audit trail against real databases: chaining, the append-only triggers, tamper detection,
// concurrent appends and the audit:verify CLI.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import {
  appendAuditEvent,
  auditChainHead,
  databaseProvider,
  listAuditEvents,
  sha256Hex,
  verifyAuditChain,
  type NewAuditEvent,
} from "../../app/models/audit.server.js";
import Database from "better-sqlite3";
import { openDb, type Db } from "../../server/db/client.js";
import { sqliteFilePath } from "../../server/db/url.js";
import { canonicalJson } from "../../shared/audit/canonical-json.js";
import { auditEventHash, GENESIS_HASH, type StoredAuditEvent } from "../../shared/audit/chain.js";
import { AppError } from "../../shared/errors/app-error.js";
import { createTestDb, providers, type Provider, type TestDb } from "../support/db.js";

const CLI = fileURLToPath(new URL("../../scripts/audit-verify.ts", import.meta.url));
const C = "consultation-1";

const event = (i: number, consultationId = C): NewAuditEvent => ({
  consultationId,
  actor: i % 3 === 0 ? "system" : i % 3 === 1 ? `pseudonym:Expert ${i}` : `user:u${i}`,
  type: "rating.submitted",
  payload: { item: `I.1.${i}`, score: (i % 9) + 1, note: i % 2 ? "ünïcode ✓" : null },
});

async function appendMany(db: Db, n: number, consultationId = C) {
  for (let i = 1; i <= n; i++) await appendAuditEvent(db, event(i, consultationId));
}

const rowAt = (db: Db, seq: number, consultationId = C) =>
  db.auditEvent.findUniqueOrThrow({ where: { consultationId_seq: { consultationId, seq } } });

/** What an attacker with DDL rights does first; the tests can then tamper with rows. */
async function dropAppendOnlyTriggers(db: Db, provider: Provider) {
  if (provider === "sqlite") {
    await db.$executeRawUnsafe(`DROP TRIGGER "AuditEvent_no_update"`);
    await db.$executeRawUnsafe(`DROP TRIGGER "AuditEvent_no_delete"`);
  } else {
    await db.$executeRawUnsafe(`DROP TRIGGER "AuditEvent_append_only" ON "AuditEvent"`);
  }
}

/** Inserts many events in one statement with one JSON parameter: createMany would take most of a test's time. */
async function bulkInsert(db: Db, provider: Provider, rows: Omit<StoredAuditEvent, "id">[]) {
  const columns = `"consultationId", "seq", "at", "actor", "type", "payload", "prevHash", "hash"`;
  if (provider === "sqlite") {
    // Prisma's SQLite adapter stores DateTime as ISO text with "+00:00".
    const json = JSON.stringify(rows.map((r) => ({ ...r, at: r.at.toISOString().replace("Z", "+00:00") })));
    const values = columns.replaceAll(/"(\w+)"/g, "value->>'$1'");
    await db.$executeRawUnsafe(`INSERT INTO "AuditEvent" (${columns}) SELECT ${values} FROM json_each(?)`, json);
  } else {
    const types = `"consultationId" text, "seq" int, "at" timestamp(3), "actor" text, "type" text, "payload" text, "prevHash" text, "hash" text`;
    await db.$executeRawUnsafe(
      `INSERT INTO "AuditEvent" (${columns}) SELECT ${columns} FROM json_to_recordset($1::json) AS r(${types})`,
      JSON.stringify(rows),
    );
  }
}

function runCli(url: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", CLI, ...args], {
    env: { ...process.env, DATABASE_URL: url, NODE_ENV: "test" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
}

describe.each(providers)("audit trail on %s", (provider) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb(provider);
  });
  afterEach(async () => {
    await t.drop();
  });

  test("50 appended events form an intact chain whose head is the last event", async () => {
    await appendMany(t.db, 50);
    const last = await rowAt(t.db, 50);
    expect(await verifyAuditChain(t.db, C)).toEqual({ ok: true, events: 50, head: last.hash });
    expect(await auditChainHead(t.db, C)).toEqual({ consultationId: C, seq: 50, hash: last.hash, at: last.at });

    const first = await rowAt(t.db, 1);
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(first.payload).toBe('{"item":"I.1.1","note":"ünïcode ✓","score":2}'); // stored canonical
    const second = await rowAt(t.db, 2);
    expect(second.prevHash).toBe(first.hash);
    const payload = JSON.parse(second.payload);
    expect(second.hash).toBe(auditEventHash({ ...second, payload }, sha256Hex));
  });

  test("an unknown consultation has an empty, intact chain and no head", async () => {
    await appendMany(t.db, 2);
    expect(await verifyAuditChain(t.db, "other")).toEqual({ ok: true, events: 0, head: GENESIS_HASH });
    expect(await auditChainHead(t.db, "other")).toBeNull();
  });

  test("returns the stored event and lists events in seq pages", async () => {
    const appended = await appendAuditEvent(t.db, event(1));
    expect(appended).toMatchObject({ consultationId: C, seq: 1, actor: "pseudonym:Expert 1", prevHash: GENESIS_HASH });
    expect(appended.payload).toEqual({ item: "I.1.1", score: 2, note: "ünïcode ✓" });
    await appendMany(t.db, 9);
    const page = await listAuditEvents(t.db, C, { afterSeq: 3, limit: 4 });
    expect(page.map((e) => e.seq)).toEqual([4, 5, 6, 7]);
    expect(page[0]!.payload).toEqual({ item: "I.1.3", score: 4, note: "ünïcode ✓" });
    expect((await listAuditEvents(t.db, C)).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  test("each consultation has its own chain", async () => {
    await Promise.all([appendMany(t.db, 5, "a"), appendMany(t.db, 3, "b")]);
    expect(await verifyAuditChain(t.db, "a")).toMatchObject({ ok: true, events: 5 });
    expect(await verifyAuditChain(t.db, "b")).toMatchObject({ ok: true, events: 3 });
    expect((await rowAt(t.db, 1, "b")).prevHash).toBe(GENESIS_HASH);
  });

  test("refuses an event that is not plain JSON or has a malformed actor, writing nothing", async () => {
    const refused = async (input: NewAuditEvent) => {
      const error = await appendAuditEvent(t.db, input).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      return error as AppError;
    };
    expect((await refused({ ...event(1), payload: { score: NaN } })).message).toBe(
      "Invalid audit event: payload.score: NaN is not a finite number",
    );
    expect((await refused({ ...event(1), payload: { at: new Date() } })).details[0]?.path).toBe("payload.at");
    expect((await refused({ ...event(1), actor: "Expert 7" })).details[0]?.path).toBe("actor");
    expect((await refused({ ...event(1), type: " " })).details[0]?.path).toBe("type");
    expect(await t.db.auditEvent.count()).toBe(0);
  });

  test("the database refuses UPDATE and DELETE of an event as append-only and the row is unchanged", async () => {
    await appendMany(t.db, 3);
    const before = await rowAt(t.db, 2);
    const attempts: [string, () => Promise<unknown>][] = [
      ["raw UPDATE", () => t.db.$executeRaw`UPDATE "AuditEvent" SET "payload" = '{}' WHERE "id" = ${before.id}`],
      ["raw DELETE", () => t.db.$executeRaw`DELETE FROM "AuditEvent" WHERE "id" = ${before.id}`],
      ["Prisma update", () => t.db.auditEvent.update({ where: { id: before.id }, data: { actor: "system" } })],
      ["Prisma deleteMany", () => t.db.auditEvent.deleteMany({ where: { consultationId: C } })],
    ];
    if (provider === "postgresql") attempts.push(["TRUNCATE", () => t.db.$executeRawUnsafe(`TRUNCATE "AuditEvent"`)]);
    for (const [what, attempt] of attempts) {
      const error = await attempt().then(
        () => new Error(`${what} succeeded`),
        (e: unknown) => e as Error,
      );
      // Through the model API on SQLite, Prisma reports the trigger as a foreign key violation and
      // keeps the database's message in meta.
      const text = error.message + JSON.stringify((error as { meta?: unknown }).meta ?? {});
      expect(text, what).toContain("audit events are append-only");
    }
    expect(await rowAt(t.db, 2)).toEqual(before);
    expect(await t.db.auditEvent.count()).toBe(3);
    expect(await verifyAuditChain(t.db, C)).toMatchObject({ ok: true, events: 3 });
  });

  test("a forked seq is refused by the unique (consultationId, seq) constraint", async () => {
    await appendMany(t.db, 2);
    const copy = await rowAt(t.db, 2);
    const { id: _id, ...fork } = { ...copy, actor: "system" };
    await expect(t.db.auditEvent.create({ data: fork })).rejects.toMatchObject({ code: "P2002" });
  });

  test("an append inside a transaction commits and rolls back with the caller's writes", async () => {
    await t.db.$transaction(async (tx) => {
      await appendAuditEvent(tx, event(1));
      await appendAuditEvent(tx, event(2));
    });
    const failed = t.db.$transaction(async (tx) => {
      await appendAuditEvent(tx, event(3));
      throw new Error("the domain change failed");
    });
    await expect(failed).rejects.toThrow("the domain change failed");
    await appendAuditEvent(t.db, event(4));
    expect((await listAuditEvents(t.db, C)).map((e) => [e.seq, e.payload])).toEqual([
      [1, event(1).payload],
      [2, event(2).payload],
      [3, event(4).payload],
    ]);
    expect(await verifyAuditChain(t.db, C)).toMatchObject({ ok: true, events: 3 });
  });

  test("detects an edited payload at its seq", async () => {
    await appendMany(t.db, 10);
    await dropAppendOnlyTriggers(t.db, provider);
    const target = await rowAt(t.db, 7);
    await t.db
      .$executeRaw`UPDATE "AuditEvent" SET "payload" = ${canonicalJson({ item: "I.1.7", score: 9, note: "ünïcode ✓" })} WHERE "id" = ${target.id}`;
    expect(await verifyAuditChain(t.db, C)).toEqual({
      ok: false,
      events: 6,
      brokenAt: { seq: 7, id: target.id, reason: "hash does not match the event's contents" },
    });
  });

  test("detects a deleted event at the next seq", async () => {
    await appendMany(t.db, 10);
    await dropAppendOnlyTriggers(t.db, provider);
    await t.db.$executeRaw`DELETE FROM "AuditEvent" WHERE "consultationId" = ${C} AND "seq" = 4`;
    const next = await rowAt(t.db, 5);
    expect(await verifyAuditChain(t.db, C)).toEqual({
      ok: false,
      events: 3,
      brokenAt: { seq: 5, id: next.id, reason: "event seq 4 is missing" },
    });
  });

  test("detects a changed event whose hash was recomputed at the next link", async () => {
    await appendMany(t.db, 10);
    await dropAppendOnlyTriggers(t.db, provider);
    const target = await rowAt(t.db, 3);
    const forged = { ...target, actor: "user:mallory", payload: { item: "I.1.3", score: 1, note: null } };
    const hash = auditEventHash(forged, sha256Hex);
    await t.db
      .$executeRaw`UPDATE "AuditEvent" SET "actor" = ${forged.actor}, "payload" = ${canonicalJson(forged.payload)}, "hash" = ${hash} WHERE "id" = ${target.id}`;
    const next = await rowAt(t.db, 4);
    expect(await verifyAuditChain(t.db, C)).toEqual({
      ok: false,
      events: 3,
      brokenAt: { seq: 4, id: next.id, reason: "prevHash does not match the hash of event seq 3" },
    });
  });

  test("a notarised head reveals events cut from the end", async () => {
    await appendMany(t.db, 6);
    const head = (await auditChainHead(t.db, C))!;
    await dropAppendOnlyTriggers(t.db, provider);
    await t.db.$executeRaw`DELETE FROM "AuditEvent" WHERE "consultationId" = ${C} AND "seq" >= 5`;
    expect(await verifyAuditChain(t.db, C)).toMatchObject({ ok: true, events: 4 });
    expect(await verifyAuditChain(t.db, C, { notarisedHead: head })).toEqual({
      ok: false,
      events: 4,
      brokenAt: { seq: 6, id: null, reason: "the notarised head's event is missing: the chain ends at seq 4" },
    });
  });

  test("20 concurrent appends to one consultation get seq 1..20 and an intact chain", async () => {
    const appended = await Promise.all(Array.from({ length: 20 }, (_, i) => appendAuditEvent(t.db, event(i + 1))));
    expect(appended.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await verifyAuditChain(t.db, C)).toMatchObject({ ok: true, events: 20 });
  });

  test("20 concurrent transactions appending to one consultation never fork the chain", async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.db.$transaction((tx) => appendAuditEvent(tx, event(i + 1)), { maxWait: 10_000, timeout: 10_000 }),
      ),
    );
    expect(await t.db.auditEvent.count()).toBe(20);
    expect(await verifyAuditChain(t.db, C)).toMatchObject({ ok: true, events: 20 });
  });

  // On SQLite the race cannot happen: transactions begin IMMEDIATE (server/db/client.ts), so an append holds the
  // write lock from its first read and another connection waits. PostgreSQL's writers can race: they retry.
  test.runIf(provider === "sqlite")(
    "on SQLite an append holds the write lock from its first read: another connection cannot slip in",
    async () => {
      await appendMany(t.db, 2);
      const rival = new Database(sqliteFilePath(t.url));
      rival.pragma("busy_timeout = 0");
      try {
        await t.db.$transaction(async (tx) => {
          await tx.auditEvent.findFirst({ where: { consultationId: C }, orderBy: { seq: "desc" } });
          expect(() => rival.prepare(`DELETE FROM "Session" WHERE "id" = 'none'`).run()).toThrow(/busy|locked/i);
          await appendAuditEvent(tx, event(3));
        });
        expect(await verifyAuditChain(t.db, C)).toMatchObject({ ok: true, events: 3 });
      } finally {
        rival.close();
      }
    },
  );

  test.runIf(provider === "postgresql")(
    "a writer that loses the race for a seq retries and chains after the winner",
    async () => {
      await appendMany(t.db, 2);
      // Another process (its own connection, not going through appendAuditEvent) writes seq 3
      // between our read of the last event and our insert.
      const rival = await openDb(t.url, { migrate: false });
      try {
        let raced = false;
        const racing = t.db.$extends({
          query: {
            auditEvent: {
              async findFirst({ args, query }) {
                const last = await query(args);
                if (!raced && last) {
                  raced = true;
                  const payload = { rival: true };
                  const content = { ...event(99), payload, seq: last.seq! + 1, at: new Date(), prevHash: last.hash! };
                  const hash = auditEventHash(content, sha256Hex);
                  await rival.auditEvent.create({ data: { ...content, payload: canonicalJson(payload), hash } });
                }
                return last;
              },
            },
          },
        }) as unknown as Db;
        expect(databaseProvider(racing)).toBe(provider);
        const ours = await appendAuditEvent(racing, event(4));
        expect(raced).toBe(true);
        expect(ours.seq).toBe(4);
        expect((await rowAt(t.db, 3)).actor).toBe(event(99).actor);
        expect(await verifyAuditChain(t.db, C)).toMatchObject({ ok: true, events: 4 });
      } finally {
        await rival.$disconnect();
      }
    },
  );

  test("databaseProvider tells the provider for the client and for a transaction client", async () => {
    expect(databaseProvider(t.db)).toBe(provider);
    expect(await t.db.$transaction(async (tx) => databaseProvider(tx))).toBe(provider);
  });

  test("verifies 100,000 events in pages of 1,000", { timeout: 120_000 }, async () => {
    let prevHash = GENESIS_HASH;
    const start = Date.UTC(2025, 0, 1);
    for (let from = 1; from <= 100_000; from += 10_000) {
      const rows = [];
      for (let seq = from; seq < from + 10_000; seq++) {
        const content = {
          consultationId: C,
          seq,
          at: new Date(start + seq),
          actor: "system",
          type: "t",
          payload: { seq },
        };
        const hash = auditEventHash({ ...content, prevHash }, sha256Hex);
        rows.push({ ...content, payload: canonicalJson(content.payload), prevHash, hash });
        prevHash = hash;
      }
      await bulkInsert(t.db, provider, rows);
    }
    expect(await verifyAuditChain(t.db, C)).toEqual({ ok: true, events: 100_000, head: prevHash });
  });

  test("the audit:verify CLI exits 0 with the head for an intact chain and 1 when broken", async () => {
    await appendMany(t.db, 5);
    const head = (await auditChainHead(t.db, C))!;
    const intact = await runCli(t.url, C);
    expect(intact).toMatchObject({ code: 0, stdout: `chain intact: 5 events, head ${head.hash}\n` });
    const printed = await runCli(t.url, C, "--head");
    expect(printed.code).toBe(0);
    expect(JSON.parse(printed.stdout)).toEqual({ ...head, at: head.at.toISOString() });
    expect((await runCli(t.url, C, "--notarised", `${head.seq}:${head.hash}`)).code).toBe(0);
    expect((await runCli(t.url)).code).toBe(2);

    await dropAppendOnlyTriggers(t.db, provider);
    const target = await rowAt(t.db, 2);
    await t.db.$executeRaw`UPDATE "AuditEvent" SET "type" = 'rating.withdrawn' WHERE "id" = ${target.id}`;
    const broken = await runCli(t.url, C);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toBe(
      `chain broken at event seq 2 (id ${target.id}): hash does not match the event's contents\n`,
    );
  });
});
