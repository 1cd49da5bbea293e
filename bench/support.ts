// What the benchmarks share: throw-away databases, a study seeded in bulk, the app (or a bare server) in its own
// process so the load generator does not share its event loop, latency figures, tables and JSON results.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import { createServer, type AddressInfo } from "node:net";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import WebSocket from "ws";
import { io as ioClient, type Socket } from "socket.io-client";
import { createClient } from "redis";
import { openDb, type Db } from "../server/db/client.js";
import { sqliteFilePath } from "../server/db/url.js";
import { createAuth } from "../server/auth.js";
import { importModel } from "../app/models/model.server.js";
import { createConsultation } from "../app/models/consultation.server.js";
import { STAKEHOLDER_TYPES } from "../shared/delphi/schemas.js";
import { syntheticModel } from "../tests/support/api.js";

export type Provider = "sqlite" | "postgresql";

/** A PostgreSQL server where benchmarks may create and drop databases. */
export const POSTGRES_ADMIN_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
/** Seconds each timed load runs (BENCH_DURATION_S). */
export const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);

/** Times each setup of a latency benchmark runs, interleaved with the others (BENCH_ROUNDS). */
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const now = () => performance.now();
/** Wall-clock milliseconds, sub-millisecond: comparable with the servers' event stamps (same machine, same clock). */
export const wallClock = () => performance.timeOrigin + performance.now();

// ---------------------------------------------------------------------------------------------
// Services

export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function redisAvailable(): Promise<boolean> {
  const client = createClient({ url: REDIS_URL, socket: { reconnectStrategy: false, connectTimeout: 2_000 } });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.close();
    return true;
  } catch {
    return false;
  }
}

/** The providers to measure: SQLite always, PostgreSQL when reachable (a note otherwise). */
export async function providers(): Promise<Provider[]> {
  if (await postgresAvailable()) return ["sqlite", "postgresql"];
  console.log(`  (PostgreSQL at ${POSTGRES_ADMIN_URL} unreachable: SQLite only; set BENCH_DATABASE_URL)`);
  return ["sqlite"];
}

export interface BenchDb {
  provider: Provider;
  url: string;
  db: Db;
  drop(): Promise<void>;
}

/** A fresh, migrated database: a temporary SQLite file or a new PostgreSQL database. */
export async function createBenchDb(provider: Provider): Promise<BenchDb> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "delphi-bench-"));
    const url = `file:${join(dir, "bench.db")}`;
    const db = await openDb(url);
    return {
      provider,
      url,
      db,
      async drop() {
        await db.$disconnect();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `delphi_bench_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const db = await openDb(url.toString());
  return {
    provider,
    url: url.toString(),
    db,
    async drop() {
      await db.$disconnect();
      const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// A study in bulk

export interface SeededStudy {
  consultationId: string;
  roundId: string;
  /** The round's items in page order. */
  itemIds: string[];
  moderator: { userId: string };
  panel: { userId: string; memberId: string }[];
  observers: { userId: string; memberId: string }[];
}

const chunks = <T>(rows: T[], size: number) =>
  Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));

async function bulkUsersAndMembers(
  db: Db,
  consultationId: string,
  role: "panellist" | "observer",
  count: number,
  tag: string,
) {
  const users = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    email: `${role}${i}-${tag}@bench.example`,
    name: `${role} ${i}`,
    // Benchmarks sign in with sessions made directly: no password can match this.
    passwordHash: "!",
  }));
  const members = users.map((u, i) => ({
    id: randomUUID(),
    consultationId,
    userId: u.id,
    role,
    pseudonym: role === "panellist" ? `Expert ${i + 1}` : `Observer ${i + 1}`,
    stakeholderType: STAKEHOLDER_TYPES[i % STAKEHOLDER_TYPES.length],
    country: ["BE", "DK", "IT", "PT", "FI", "EE"][i % 6],
    gender: i % 2 ? "female" : "male",
    joinedAt: new Date(),
  }));
  for (const batch of chunks(users, 1_000)) await db.user.createMany({ data: batch });
  for (const batch of chunks(members, 1_000)) await db.member.createMany({ data: batch });
  return members.map((m) => ({ userId: m.userId, memberId: m.id }));
}

/**
 * A consultation on a 150-item model (3 domains × 7 subdomains × 3 indicators, with their levels) created by
 * the app's own function, its round 1 open, and `panellists` (+ `observers`) added in bulk.
 */
export async function seedStudy(db: Db, options: { panellists: number; observers?: number }): Promise<SeededStudy> {
  const tag = randomBytes(4).toString("hex");
  await importModel(db, syntheticModel(`Bench model ${tag}`, 3, 7, 3));
  const admin = {
    id: randomUUID(),
    email: `admin-${tag}@bench.example`,
    name: "Bench admin",
    isAdmin: true,
    language: null,
  };
  await db.user.create({ data: { ...admin, passwordHash: "!" } });
  const created = await createConsultation(db, admin, {
    title: `Bench ${tag}`,
    modelSlug: `bench-model-${tag}`,
    items: "everything",
  });
  const { id: consultationId, roundId } = created as { id: string; roundId: string };
  await db.round.update({ where: { id: roundId }, data: { status: "open", openedAt: new Date() } });
  const itemIds = (
    await db.roundItem.findMany({ where: { roundId }, orderBy: { position: "asc" }, select: { id: true } })
  ).map((i) => i.id);
  if (itemIds.length !== 150) throw new Error(`expected 150 items, got ${itemIds.length}`);
  return {
    consultationId,
    roundId,
    itemIds,
    moderator: { userId: admin.id },
    panel: await bulkUsersAndMembers(db, consultationId, "panellist", options.panellists, tag),
    observers: await bulkUsersAndMembers(db, consultationId, "observer", options.observers ?? 0, tag),
  };
}

/**
 * Inserts ratings with the raw driver, in one statement per 50,000 rows: Prisma's createMany needs about
 * 100 s for 300,000 rows on this machine, the raw driver a few seconds.
 */
export async function insertRatings(
  t: BenchDb,
  rows: { roundItemId: string; memberId: string; value: number | null }[],
): Promise<void> {
  if (t.provider === "sqlite") {
    const sqlite = new Database(sqliteFilePath(t.url));
    try {
      // Timestamps in the format Prisma writes them: copied from a row Prisma created.
      const stamp = sqlite.prepare(`SELECT "createdAt" FROM "Member" LIMIT 1`).pluck().get();
      // Each rating carries a commitment of the real size (64 hex digits), as the rating path stores one:
      // closing a round digests them all.
      const insert = sqlite.prepare(
        `INSERT INTO "Rating" ("id", "roundItemId", "memberId", "value", "salt", "commitment", "createdAt", "updatedAt")
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      sqlite.transaction(() => {
        for (const r of rows)
          insert.run(
            randomUUID(),
            r.roundItemId,
            r.memberId,
            r.value,
            randomBytes(32).toString("hex"),
            randomBytes(32).toString("hex"),
            stamp,
            stamp,
          );
      })();
    } finally {
      sqlite.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: t.url });
  await client.connect();
  try {
    for (const batch of chunks(rows, 50_000))
      await client.query(
        `INSERT INTO "Rating" ("id", "roundItemId", "memberId", "value", "salt", "commitment", "updatedAt")
         SELECT gen_random_uuid()::text, x.item, x.member, x.value,
                md5(random()::text) || md5(random()::text), md5(random()::text) || md5(random()::text), now()
         FROM unnest($1::text[], $2::text[], $3::int[]) AS x(item, member, value)`,
        [batch.map((r) => r.roundItemId), batch.map((r) => r.memberId), batch.map((r) => r.value)],
      );
  } finally {
    await client.end();
  }
}

/** Session cookies ("name=value") for these users, made as a login would. */
export async function sessionCookies(db: Db, userIds: string[]): Promise<string[]> {
  const auth = createAuth(db, { secureCookies: false });
  const cookies: string[] = [];
  for (const batch of chunks(userIds, 50))
    cookies.push(...(await Promise.all(batch.map(async (id) => (await auth.createSession(id)).split(";")[0]!))));
  return cookies;
}

// ---------------------------------------------------------------------------------------------
// Servers in child processes

export interface ChildServer {
  url: string;
  pid: number;
  /** Resident set size of the server process, in bytes. */
  rss(): number;
  /**
   * Runs a full garbage collection in the server (through its inspector, when started with `inspect`) and
   * returns its memory then: RSS alone swings with collections that happen to run during a measurement.
   */
  memoryAfterGc(): Promise<{ rss: number; heapUsed: number }>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startChild(
  args: string[],
  env: Record<string, string>,
  ready: string,
  inspect = false,
): Promise<ChildServer> {
  const port = await freePort();
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the servers under load.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  if (inspect) nodeArgs.push("--inspect=127.0.0.1:0");
  let inspector = "";
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, "--import", "tsx", ...args], {
    env: { ...process.env, HOST: "127.0.0.1", PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(" ")} did not start:\n${output.join("")}`)), 90_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      output.push(chunk.toString());
      if (chunk.toString().includes(ready)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => {
      output.push(chunk.toString());
      inspector ||= /Debugger listening on (ws:\/\/\S+)/.exec(chunk.toString())?.[1] ?? "";
      if (process.env.BENCH_VERBOSE) process.stderr.write(chunk);
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${args.join(" ")} exited:\n${output.join("")}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    rss: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? 0) * 1024,
    async memoryAfterGc() {
      if (!inspector) throw new Error("started without inspect");
      const session = new WebSocket(inspector);
      await new Promise((resolve, reject) => {
        session.once("open", resolve);
        session.once("error", reject);
      });
      let id = 0;
      const call = (method: string, params: object = {}) =>
        new Promise<any>((resolve) => {
          const mine = ++id;
          const onMessage = (data: Buffer) => {
            const reply = JSON.parse(data.toString());
            if (reply.id !== mine) return;
            session.off("message", onMessage);
            resolve(reply.result);
          };
          session.on("message", onMessage);
          session.send(JSON.stringify({ id: mine, method, params }));
        });
      await call("HeapProfiler.collectGarbage");
      const { result } = await call("Runtime.evaluate", {
        expression: "JSON.stringify(process.memoryUsage())",
        returnByValue: true,
      });
      session.close();
      const usage = JSON.parse(result.value) as { rss: number; heapUsed: number };
      return { rss: usage.rss, heapUsed: usage.heapUsed };
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const forced = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(forced);
    },
  };
}

/** The real server (server/index.ts) on a free port against `databaseUrl`. */
export function startApp(
  databaseUrl: string,
  env: Record<string, string> = {},
  options: { inspect?: boolean } = {},
): Promise<ChildServer> {
  return startChild(
    ["server/index.ts"],
    { NODE_ENV: "production", DATABASE_URL: databaseUrl, SEED_DEMO: "false", REDIS_URL: "", ...env },
    "listening on",
    options.inspect,
  );
}

/** A bare socket.io or y-websocket-protocol server (bench/bare-servers.ts): the baselines. */
export function startBare(kind: "socketio" | "yjs", options: { inspect?: boolean } = {}): Promise<ChildServer> {
  return startChild(["bench/bare-servers.ts", kind], { NODE_ENV: "production" }, "listening on", options.inspect);
}

/** The bare rating server (bench/bare-rating.ts) against the same database: the vote path's baseline. */
export function startBareRating(databaseUrl: string): Promise<ChildServer> {
  return startChild(["bench/bare-rating.ts", databaseUrl], { NODE_ENV: "production" }, "listening on");
}

/** CPU time (user + system) a process has used so far, in milliseconds (Linux /proc). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  // utime and stime are fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * Socket.io clients (signed in with `cookies`, or anonymous for the bare server) joined to a consultation's
 * rooms, connected 50 at a time.
 */
export async function connectWatchers(
  url: string,
  consultationId: string,
  cookies: (string | undefined)[],
): Promise<Socket[]> {
  const connect = async (cookie: string | undefined) => {
    const socket = ioClient(url, {
      transports: ["websocket"],
      reconnection: false,
      forceNew: true,
      extraHeaders: cookie ? { cookie } : {},
    });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    const joined = await socket.emitWithAck("consultation:join", { consultationId });
    if (!joined?.ok) throw new Error(`join refused: ${JSON.stringify(joined)}`);
    return socket;
  };
  const sockets: Socket[] = [];
  for (let i = 0; i < cookies.length; i += 50)
    sockets.push(...(await Promise.all(cookies.slice(i, i + 50).map(connect))));
  return sockets;
}

// ---------------------------------------------------------------------------------------------
// Figures and reports

export interface LatencySummary {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles of latencies in milliseconds. */
export function summarize(samples: number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
  return {
    n: sorted.length,
    mean: sorted.reduce((sum, x) => sum + x, 0) / (sorted.length || 1),
    p50: at(50),
    p95: at(95),
    p99: at(99),
    max: sorted.at(-1) ?? NaN,
  };
}

export const ms = (x: number) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(2) : x.toFixed(1)) : "–");
export const ratio = (x: number, baseline: number) =>
  baseline > 0 ? `${x / baseline < 0.1 ? (x / baseline).toPrecision(2) : (x / baseline).toFixed(2)}×` : "–";
export const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

export function printTable(title: string, header: string[], rows: (string | number)[][]) {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? "").length)));
  const line = (r: string[]) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ");
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of cells.slice(1)) console.log(line(r));
}

export function machine() {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

/** Writes bench/results/<name>-<timestamp>.json and returns its path. */
export function saveResult(name: string, result: unknown): string {
  mkdirSync("bench/results", { recursive: true });
  const path = `bench/results/${name}-${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
  writeFileSync(
    path,
    JSON.stringify({ name, at: new Date().toISOString(), machine: machine(), ...(result as object) }, null, 2),
  );
  return path;
}

/** A keep-alive HTTP client lighter than fetch, so the load generator spends less of the shared CPU. */
export function httpClient(baseUrl: string, maxSockets: number) {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const { hostname, port } = new URL(baseUrl);
  return {
    send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<number> {
      return new Promise((resolve, reject) => {
        const req = httpRequest(
          {
            agent,
            hostname,
            port,
            method,
            path,
            headers: body === undefined ? headers : { ...headers, "content-length": Buffer.byteLength(body) },
          },
          (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
            res.on("error", reject);
          },
        );
        req.on("error", reject);
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}

/** Runs `worker(i)` for i in 0..count-1, at most `concurrency` at a time. */
export async function pool(count: number, concurrency: number, worker: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await worker(next++);
    }),
  );
}
