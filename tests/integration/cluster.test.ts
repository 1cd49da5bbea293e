// Two instances behind one PostgreSQL and one Redis, as in production behind a load balancer: socket.io events
// and Yjs edits cross between them, the database holds every update once, and killing one instance loses
// nothing it acknowledged. Each instance is a child process running the real entry point (server/index.ts).
// Needs PostgreSQL (TEST_DATABASE_URL, set by CI) and Redis (REDIS_URL, default redis://127.0.0.1:6379).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { io as ioClient, type Socket } from "socket.io-client";
import { createAuth } from "../../server/auth.js";
import { DocumentWriter, loadDocument } from "../../server/realtime/yjs-persistence.js";
import { importModel } from "../../app/models/model.server.js";
import { documentName, plainText, RATIONALE_FIELD } from "../../app/models/collaboration.server.js";
import { B1MG_2021_RULE } from "../../shared/stats/consensus.js";
import { createTestDb, type TestDb } from "../support/db.js";
import { createTestUser } from "../support/server.js";
import { connectYjsClient } from "../support/yjs-client.js";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
// Without PostgreSQL there is no shared database: the tests below are skipped, and say why.
const WITHOUT_POSTGRES = process.env.TEST_DATABASE_URL ? "" : " (skipped: set TEST_DATABASE_URL=postgresql://…)";
// Channels of this run only: parallel runs on one Redis do not hear each other.
const REDIS_PREFIX = `delphi-test-${randomBytes(4).toString("hex")}`;

// ---------------------------------------------------------------------------------------------
// Instances

interface Instance {
  id: string;
  url: string;
  child: ChildProcess;
  output: string[];
  exited: Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `node --import tsx server/index.ts`: the process id is the server's own, so SIGKILL kills the server. */
async function startInstance(id: string, databaseUrl: string): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "test",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      REDIS_PREFIX,
      INSTANCE_ID: id,
      SEED_DEMO: "false",
      // As behind a load balancer on this host: X-Forwarded-For says which client a request is from.
      TRUST_PROXY: "loopback",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`instance ${id} did not start:\n${output.join("")}`)), 90_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      output.push(chunk.toString());
      if (chunk.toString().includes("listening on")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    void exited.then(() => reject(new Error(`instance ${id} exited:\n${output.join("")}`)));
  });
  return { id, url: `http://127.0.0.1:${port}`, child, output, exited };
}

async function stopInstance(instance: Instance | undefined, signal: NodeJS.Signals = "SIGTERM") {
  if (!instance || instance.child.exitCode !== null || instance.child.signalCode !== null) return;
  instance.child.kill(signal);
  await instance.exited;
}

// ---------------------------------------------------------------------------------------------
// Study factory: a consultation with one open round, built with Prisma directly.

type TestUser = Awaited<ReturnType<typeof createTestUser>>;

const demoModel = () => JSON.parse(readFileSync(new URL("../../prisma/demo-model.json", import.meta.url), "utf8"));

async function createStudy(t: TestDb, items: number) {
  const { versionId } = await importModel(t.db, demoModel());
  const creator = await createTestUser(t);
  const consultation = await t.db.consultation.create({
    data: {
      title: "Cluster study",
      modelVersionId: versionId,
      consensusRule: JSON.stringify(B1MG_2021_RULE),
      createdById: creator.id,
    },
  });
  const round = await t.db.round.create({ data: { consultationId: consultation.id, number: 1, status: "open" } });
  await t.db.roundItem.createMany({
    data: Array.from({ length: items }, (_, position) => ({
      roundId: round.id,
      key: `I.1.${position + 1}`,
      kind: "indicator",
      position,
      wording: `Statement ${position + 1}`,
    })),
  });
  const roundItems = await t.db.roundItem.findMany({ where: { roundId: round.id }, orderBy: { position: "asc" } });
  const auth = createAuth(t.db, { secureCookies: false });
  let members = 0;
  return {
    consultation,
    round,
    items: roundItems,
    async join(role: "moderator" | "panellist" | "observer") {
      members += 1;
      const user: TestUser = await createTestUser(t);
      const member = await t.db.member.create({
        data: { consultationId: consultation.id, userId: user.id, role, pseudonym: `Expert ${members}` },
      });
      // Sessions live in the database: a cookie from either instance is valid on both.
      const cookie = (await auth.createSession(user.id)).split(";")[0]!;
      return { user, memberId: member.id, cookie };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Clients

const withCookie = (cookie: string) =>
  class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  };

async function provide(instance: Instance, docName: string, cookie: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${instance.url.replace("http", "ws")}/yjs`, docName, doc, {
    WebSocketPolyfill: withCookie(cookie) as never,
    disableBc: true,
  });
  await new Promise<void>((resolve) => (provider.synced ? resolve() : provider.once("sync", () => resolve())));
  return { doc, provider };
}

/** The y-websocket protocol by hand: reports how the server closed the connection. */
const rawClient = (instance: Instance, docName: string, cookie: string) =>
  connectYjsClient(`${instance.url.replace("http", "ws")}/yjs/${docName}`, cookie);

/** A signed-in socket.io client on `instance`, in the consultation's rooms. */
async function socketIo(instance: Instance, cookie: string, consultationId: string): Promise<Socket> {
  const socket = ioClient(instance.url, { transports: ["websocket"], reconnection: false, extraHeaders: { cookie } });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  expect(await socket.emitWithAck("consultation:join", { consultationId })).toEqual({ ok: true });
  return socket;
}

function addParagraph(doc: Y.Doc, text: string) {
  const fragment = doc.getXmlFragment(RATIONALE_FIELD);
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  fragment.insert(fragment.length, [paragraph]);
}

async function storedText(t: TestDb, name: string): Promise<string> {
  const doc = new Y.Doc();
  await loadDocument(t.db, name, doc);
  return plainText(doc);
}

const rate = (instance: Instance, cookie: string, roundId: string, itemId: string, value: number) =>
  fetch(`${instance.url}/api/v1/rounds/${roundId}/items/${itemId}/rating`, {
    method: "PUT",
    headers: { cookie, "content-type": "application/json" },
    body: JSON.stringify({ value }),
  });

const waitFor = <T>(check: () => T | Promise<T>, timeout = 10_000) => vi.waitFor(check, { timeout, interval: 50 });

// ---------------------------------------------------------------------------------------------

describe.skipIf(!process.env.TEST_DATABASE_URL)(`compaction with two writers on PostgreSQL${WITHOUT_POSTGRES}`, () => {
  test("interleaved appends and compactions of two instances keep every update", async () => {
    const t = await createTestDb("postgresql");
    try {
      const name = "rationale.race";
      const failures: string[] = [];
      const log = (message: string, error: unknown) => void failures.push(`${message}: ${String(error)}`);
      // Two copies that never hear of each other: the worst case, each in-memory state lacks the other's edits.
      const copies = ["A", "B"].map((who) => {
        const doc = new Y.Doc();
        const writer = new DocumentWriter(t.db, name, doc, { updateCount: 0, storedBytes: 0 }, 4, log);
        doc.on("update", (update: Uint8Array) => writer.store(update));
        return { who, doc, writer };
      });
      for (let i = 1; i <= 30; i++) {
        for (const { who, doc } of copies) addParagraph(doc, `${who}${i}`);
        if (i % 7 === 0) for (const { writer } of copies) void writer.compact(true);
        await new Promise((resolve) => setImmediate(resolve));
      }
      await Promise.all(copies.map(({ writer }) => Promise.all([writer.compact(true), writer.flush()])));
      expect(failures).toEqual([]);

      const stored = new Y.Doc();
      await loadDocument(t.db, name, stored);
      const lines = new Set(plainText(stored).split("\n"));
      for (const { who } of copies) for (let i = 1; i <= 30; i++) expect(lines).toContain(`${who}${i}`);
      const row = await t.db.yDocument.findUniqueOrThrow({ where: { name }, include: { updates: true } });
      expect(row.updates).toHaveLength(0);
      expect(row.size).toBe(row.snapshot!.length);
    } finally {
      await t.drop();
    }
  }, 60_000);
});

describe.skipIf(!process.env.TEST_DATABASE_URL)(`two instances on PostgreSQL + Redis${WITHOUT_POSTGRES}`, () => {
  let t: TestDb;
  let a: Instance | undefined;
  let b: Instance | undefined;

  beforeAll(async () => {
    t = await createTestDb("postgresql");
    [a, b] = await Promise.all([startInstance("A", t.url), startInstance("B", t.url)]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([stopInstance(a), stopInstance(b)]);
    await t?.drop();
  }, 60_000);

  test("a rating saved through instance A reaches a moderator connected to instance B", async () => {
    const study = await createStudy(t, 2);
    const moderator = await study.join("moderator");
    const panellist = await study.join("panellist");
    const socket = await socketIo(b!, moderator.cookie, study.consultation.id);
    try {
      const received = new Promise((resolve) => socket.once("rating:saved", resolve));
      const res = await rate(a!, panellist.cookie, study.round.id, study.items[1]!.id, 4);
      expect(res.status).toBe(200);
      expect(await received).toEqual({
        type: "rating:saved",
        roundId: study.round.id,
        itemId: study.items[1]!.id,
        ratedCount: 1,
        at: expect.any(Number),
      });
    } finally {
      socket.close();
    }
  });

  test("a moderator whose connection to B drops gets the ratings saved through A meanwhile (recovery via Redis)", async () => {
    const study = await createStudy(t, 3);
    const moderator = await study.join("moderator");
    const panellist = await study.join("panellist");
    const socket = await socketIo(b!, moderator.cookie, study.consultation.id);
    try {
      const heard: string[] = [];
      socket.on("rating:saved", (event: { itemId: string }) => heard.push(event.itemId));
      expect((await rate(a!, panellist.cookie, study.round.id, study.items[0]!.id, 2)).status).toBe(200);
      await waitFor(() => expect(heard).toHaveLength(1));
      // A network drop (no goodbye), two ratings on the other instance, then the client is back.
      socket.io.engine.close();
      await waitFor(() => expect(socket.connected).toBe(false));
      for (const item of study.items.slice(1, 3))
        expect((await rate(a!, panellist.cookie, study.round.id, item.id, 3)).status).toBe(200);
      socket.connect();
      await waitFor(() => expect(socket.connected).toBe(true));
      expect(socket.recovered).toBe(true);
      await waitFor(() => expect(heard).toEqual(study.items.slice(0, 3).map((i) => i.id)));
    } finally {
      socket.close();
    }
  });

  test("panellists on two instances co-edit a rationale, converge, and each update is stored once", async () => {
    const study = await createStudy(t, 1);
    const name = documentName("rationale", study.items[0]!.id);
    const [p1, p2] = [await study.join("panellist"), await study.join("panellist")];
    const onA = await provide(a!, name, p1.cookie);
    const onB = await provide(b!, name, p2.cookie);
    try {
      // Concurrent edits on both sides, interleaved.
      for (let i = 1; i <= 8; i++) {
        addParagraph(onA.doc, `A says ${i}`);
        addParagraph(onB.doc, `B says ${i}`);
      }
      await waitFor(() => {
        expect(plainText(onA.doc).split("\n")).toHaveLength(16);
        expect(plainText(onB.doc)).toBe(plainText(onA.doc));
      });
      // Each instance stored its own client's 8 updates, and none of the 8 it relayed.
      await waitFor(async () => expect(await t.db.yUpdate.count({ where: { docName: name } })).toBe(16));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await t.db.yUpdate.count({ where: { docName: name } })).toBe(16);
      expect(await storedText(t, name)).toBe(plainText(onA.doc));
    } finally {
      onA.provider.destroy();
      onB.provider.destroy();
    }
    // Both copies unload: each compacts under the lock; the rows are folded once into one snapshot.
    await waitFor(async () => expect(await t.db.yUpdate.count({ where: { docName: name } })).toBe(0));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stored = await t.db.yDocument.findUniqueOrThrow({ where: { name }, include: { updates: true } });
    expect(stored.updates).toHaveLength(0);
    expect(stored.size).toBe(stored.snapshot!.length);
    const loaded = new Y.Doc();
    await loadDocument(t.db, name, loaded);
    expect(plainText(loaded)).toBe(plainText(onA.doc));
    expect(Y.encodeStateVector(loaded)).toEqual(Y.encodeStateVector(onA.doc));
  });

  // Under load B's copy received A's later edits before the first (relayed before it subscribed, stored after it
  // read): Yjs held them as pending, the sync answer handed them to B's client, the client sent them back, and the
  // schema check closed it (4400). Pending content now stays on the server (yjs-schema.ts `integratedState`).
  test("a document opened on B while A edits it catches up, and presence crosses instances", async () => {
    const study = await createStudy(t, 1);
    const name = documentName("rationale", study.items[0]!.id);
    const [p1, p2] = [await study.join("panellist"), await study.join("panellist")];
    const onA = await provide(a!, name, p1.cookie);
    try {
      for (let i = 1; i <= 20; i++) addParagraph(onA.doc, `Point ${i}`);
      // B loads while A's last updates may still be on their way to the database.
      const onB = await provide(b!, name, p2.cookie);
      try {
        await waitFor(() => expect(plainText(onB.doc)).toBe(plainText(onA.doc)));
        onA.provider.awareness.setLocalStateField("cursor", { anchor: 1 });
        await waitFor(() => {
          const seen = [...onB.provider.awareness.getStates().values()].map((s) => s.user?.name);
          expect(seen).toContain("Expert 1");
        });
      } finally {
        onB.provider.destroy();
      }
    } finally {
      onA.provider.destroy();
    }
  });

  test("closing the round through A turns a writer connected to B into a reader at once", async () => {
    const study = await createStudy(t, 1);
    const item = study.items[0]!;
    const name = documentName("rationale", item.id);
    const moderator = await study.join("moderator");
    const writer = await rawClient(b!, name, (await study.join("panellist")).cookie);
    addParagraph(writer.doc, "Before the close");
    await waitFor(async () => expect(await storedText(t, name)).toBe("Before the close"));

    const closed = await fetch(`${a!.url}/api/v1/rounds/${study.round.id}/close`, {
      method: "POST",
      headers: { cookie: moderator.cookie },
    });
    expect(closed.status).toBe(200);
    addParagraph(writer.doc, "After the close");
    expect(await writer.closed).toEqual({ code: 4403, reason: "read-only" });
    const snapshot = await t.db.rationaleSnapshot.findUniqueOrThrow({ where: { roundItemId: item.id } });
    expect(snapshot.text).toBe("Before the close");
  });

  test("logging out through A closes that session's socket.io and Yjs connections on B at once", async () => {
    const study = await createStudy(t, 1);
    const name = documentName("rationale", study.items[0]!.id);
    const moderator = await study.join("moderator");
    const socket = await socketIo(b!, moderator.cookie, study.consultation.id);
    const ended = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    const reader = await rawClient(b!, name, moderator.cookie);
    try {
      const res = await fetch(`${a!.url}/logout`, {
        method: "POST",
        headers: { cookie: moderator.cookie },
        redirect: "manual",
      });
      expect(res.status).toBe(302);
      const late = () => new Promise<string>((resolve) => setTimeout(() => resolve("still open"), 2_000));
      expect(await Promise.race([reader.closed, late()])).toEqual({ code: 4401, reason: "session ended" });
      expect(await Promise.race([ended, late()])).toBe("io server disconnect");
    } finally {
      socket.close();
      reader.ws.close();
    }
  });

  test("withdrawing a panellist through A closes their Yjs and socket.io connections on B", async () => {
    const study = await createStudy(t, 1);
    const name = documentName("rationale", study.items[0]!.id);
    const moderator = await study.join("moderator");
    const panellist = await study.join("panellist");
    const socket = await socketIo(b!, panellist.cookie, study.consultation.id);
    const ended = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    const writer = await rawClient(b!, name, panellist.cookie);
    try {
      const res = await fetch(
        `${a!.url}/api/v1/consultations/${study.consultation.id}/panellists/${panellist.memberId}/withdraw`,
        {
          method: "POST",
          headers: { cookie: moderator.cookie, "content-type": "application/json" },
          body: JSON.stringify({ answers: "exclude" }),
        },
      );
      expect(res.status).toBe(200);
      const late = () => new Promise<string>((resolve) => setTimeout(() => resolve("still open"), 2_000));
      expect(await Promise.race([writer.closed, late()])).toEqual({ code: 4403, reason: "forbidden" });
      expect(await Promise.race([ended, late()])).toBe("io server disconnect");
    } finally {
      socket.close();
      writer.ws.close();
    }
  });

  // Last: it kills instance A.
  const failedLogin = (instance: Instance, email: string, clientAddress: string) =>
    fetch(`${instance.url}/login`, {
      method: "POST",
      headers: { "x-forwarded-for": clientAddress },
      body: new URLSearchParams({ email, password: "wrong password" }),
      redirect: "manual",
    });

  test("failed logins from one address split across A and B are limited as one (20 a minute)", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++)
      statuses.push((await failedLogin(i % 2 ? b! : a!, `nobody${i}@cluster.example`, "198.51.100.7")).status);
    expect(statuses.every((s) => s === 401)).toBe(true);
    for (const instance of [a!, b!]) {
      const limited = await failedLogin(instance, "one-more@cluster.example", "198.51.100.7");
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    // Another client behind the same balancer is not affected.
    expect((await failedLogin(b!, "other@cluster.example", "198.51.100.8")).status).toBe(401);
  });

  test("failed logins on one account from many addresses split across A and B are limited as one (10)", async () => {
    const user = await createTestUser(t);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push((await failedLogin(i % 2 ? b! : a!, user.email, `203.0.113.${i + 1}`)).status);
    expect(statuses.every((s) => s === 401)).toBe(true);
    for (const [instance, address] of [
      [a!, "203.0.113.50"],
      [b!, "203.0.113.51"],
    ] as const)
      expect((await failedLogin(instance, user.email, address)).status).toBe(429);
  });

  test("killing instance A loses no acknowledged rating and no stored Yjs edit", { timeout: 90_000 }, async () => {
    const study = await createStudy(t, 40);
    const panel = [await study.join("panellist"), await study.join("panellist"), await study.join("panellist")];
    const name = documentName("rationale", study.items[0]!.id);

    const editor = await provide(a!, name, panel[0]!.cookie);
    for (let i = 1; i <= 12; i++) addParagraph(editor.doc, `Made on A ${i}`);
    await waitFor(async () => expect(await storedText(t, name)).toBe(plainText(editor.doc)));

    // Every panellist rates item after item through A; A is killed mid-stream.
    const acknowledged: { memberId: string; itemId: string; value: number }[] = [];
    let killed: Promise<void> | undefined;
    await Promise.all(
      panel.map(async (p, n) => {
        for (const [k, item] of study.items.entries()) {
          const value = 1 + ((n + k) % 5);
          try {
            const res = await rate(a!, p.cookie, study.round.id, item.id, value);
            if (res.ok) acknowledged.push({ memberId: p.memberId, itemId: item.id, value });
          } catch {
            return; // connection refused or reset: A is gone
          }
          if (acknowledged.length >= 20) killed ??= stopInstance(a, "SIGKILL");
        }
      }),
    );
    await killed;
    editor.provider.destroy();
    expect(a!.child.signalCode).toBe("SIGKILL");
    expect(acknowledged.length).toBeGreaterThanOrEqual(20);
    expect(acknowledged.length).toBeLessThan(panel.length * study.items.length);

    for (const { memberId, itemId, value } of acknowledged) {
      const rating = await t.db.rating.findUnique({
        where: { roundItemId_memberId: { roundItemId: itemId, memberId } },
      });
      expect(rating?.value).toBe(value);
    }
    const reader = await provide(b!, name, panel[1]!.cookie);
    try {
      expect(plainText(reader.doc)).toBe(plainText(editor.doc));
      expect(plainText(reader.doc).split("\n")).toHaveLength(12);
    } finally {
      reader.provider.destroy();
    }
    expect((await fetch(`${b!.url}/healthz`)).status).toBe(200);
  });
});
