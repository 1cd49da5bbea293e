// Faults: the server killed mid-burst, a websocket dropped mid-edit, PostgreSQL unreachable, SQLite out of space.
// Each describe is tagged "fault:" so CI can select them (`vitest run -t fault:`).
import { hotPathOf } from "../../server/db/hot-path.js";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer as createNetServer, connect, type Server as NetServer, type Socket } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import type { RunningApp } from "../../server/app.js";
import { openDb } from "../../server/db/client.js";
import { importModel } from "../../app/models/model.server.js";
import { documentName, plainText, RATIONALE_FIELD } from "../../app/models/collaboration.server.js";
import { loadDocument } from "../../server/realtime/yjs-persistence.js";
import { STAKEHOLDER_TYPES } from "../../shared/delphi/schemas.js";
import { api, redeem, syntheticModel, type Caller } from "../support/api.js";
import { linksFor, testSmtpUrl } from "../support/mail.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { createTestUser, login, startTestApp } from "../support/server.js";
import { buildRoleWorld } from "../support/roles.js";

const waitFor = <T>(check: () => T | Promise<T>, timeout = 10_000) => vi.waitFor(check, { timeout, interval: 50 });

// ---------------------------------------------------------------------------------------------

/**
 * A port the restarted server can take again: below Linux's ephemeral range (32768+), where outgoing connections
 * of parallel tests take ports (a random pick up to 40000 once collided), and checked free now.
 */
async function unusedPort(): Promise<number> {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    const probe = createNetServer();
    const free = await new Promise<boolean>((resolve) => {
      probe.once("error", () => resolve(false));
      probe.listen(port, () => resolve(true));
    });
    if (free) {
      await new Promise((resolve) => probe.close(resolve));
      return port;
    }
  }
}

// SIGKILL: the process dies mid-write. SIGTERM: it must drain what is in flight and exit within 10 s.
const signals = providers.flatMap((provider) =>
  (["SIGKILL", "SIGTERM"] as const).map((signal) => [signal, provider] as const),
);

describe.each(signals)("fault: %s during a burst of ratings on %s", (signal, provider) => {
  const children: ChildProcess[] = [];
  let t: TestDb;
  afterEach(() => children.splice(0).forEach((c) => c.kill("SIGKILL")));
  afterAll(async () => t?.drop());

  async function startChild(url: string, port: number) {
    const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
      env: {
        ...process.env,
        NODE_ENV: "test",
        SEED_DEMO: "false",
        PORT: String(port),
        DATABASE_URL: url,
        SMTP_URL: await testSmtpUrl(),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.on("data", (d) => (out += d));
    await waitFor(() => expect(out).toContain("listening on"), 30_000);
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    return { child, exited, app: { url: `http://127.0.0.1:${port}` } as RunningApp };
  }

  test(
    "every rating answered 2xx before the signal is stored after restart, none twice; retried PUTs do not duplicate",
    { timeout: 120_000 },
    async () => {
      t = await createTestDb(provider);
      const admin = await createTestUser(t, { isAdmin: true });
      await importModel(t.db, syntheticModel("Burst model", 3, 3, 3)); // 66 items
      const port = await unusedPort();
      let server = await startChild(t.url, port);
      const moderator: Caller = { cookie: await login(server.app, admin.email, admin.password) };
      const created = await api(server.app, "POST", "/consultations", moderator, {
        title: "Burst",
        modelSlug: "burst-model",
        items: "everything",
      });
      const { id, roundId } = created.body as { id: string; roundId: string };
      const people = [1, 2, 3, 4].map((i) => ({
        name: `Burst ${i}`,
        email: `burst${i}@faults.example`,
        stakeholderType: STAKEHOLDER_TYPES[0],
      }));
      expect((await api(server.app, "POST", `/consultations/${id}/panellists`, moderator, people)).status).toBe(201);
      const links = await linksFor(
        t.db,
        people.map((p) => p.email),
      );
      const panel: Caller[] = [];
      for (const p of people) panel.push({ cookie: await redeem(server.app, links.get(p.email)!) });
      await api(server.app, "POST", `/rounds/${roundId}/open`, moderator);
      const items: string[] = (await api(server.app, "GET", `/rounds/${roundId}`, panel[0])).body.items.map(
        (i: { id: string }) => i.id,
      );
      // Panellist p's member id, from their own session.
      const memberIds: string[] = [];
      for (const who of panel) {
        const me = (await api(server.app, "GET", "/me", who)).body as { id: string };
        memberIds.push(
          (
            await t.db.member.findUniqueOrThrow({
              where: { consultationId_userId: { consultationId: id, userId: me.id } },
            })
          ).id,
        );
      }
      const valueOf = (p: number, k: number) => 1 + ((p * 3 + k) % 5);

      // Four panellists rate all 66 items, 8 requests in flight each; the server is killed after 60 answers.
      const acknowledged: { p: number; k: number }[] = [];
      let killed = false;
      let signalledAt = 0;
      const burst = panel.map(async (who, p) => {
        const queue = items.map((itemId, k) => ({ itemId, k }));
        const worker = async () => {
          for (let next = queue.shift(); next && !killed; next = queue.shift()) {
            const res = await api(server.app, "PUT", `/rounds/${roundId}/items/${next.itemId}/rating`, who, {
              value: valueOf(p, next.k),
            }).catch(() => null);
            if (res && res.status >= 200 && res.status < 300) {
              acknowledged.push({ p, k: next.k });
              if (acknowledged.length >= 60 && !killed) {
                killed = true;
                signalledAt = performance.now();
                server.child.kill(signal);
              }
            }
          }
        };
        await Promise.all(Array.from({ length: 8 }, worker));
      });
      await Promise.all(burst);
      await server.exited;
      expect(killed).toBe(true);
      if (signal === "SIGTERM") {
        expect(performance.now() - signalledAt).toBeLessThan(10_000);
        expect(server.child.exitCode).toBe(0);
      }

      server = await startChild(t.url, port);
      const pseudonyms = (await api(server.app, "GET", `/rounds/${roundId}`, panel[0])).status;
      expect(pseudonyms).toBe(200);
      const ratings = await t.db.rating.findMany({ where: { item: { roundId } } });
      const key = (r: { roundItemId: string; memberId: string }) => `${r.roundItemId}|${r.memberId}`;
      expect(new Set(ratings.map(key)).size).toBe(ratings.length);
      const stored = new Map(ratings.map((r) => [key(r), r.value]));
      for (const { p, k } of acknowledged)
        expect(stored.get(`${items[k]}|${memberIds[p]}`), `panellist ${p + 1}, item ${k}`).toBe(valueOf(p, k));
      expect(acknowledged.length).toBeGreaterThanOrEqual(60);
      // Clients retry what they did not see acknowledged: the PUT replaces, never duplicates.
      for (const [p, who] of panel.entries())
        for (const k of [0, 1, 2])
          expect(
            (await api(server.app, "PUT", `/rounds/${roundId}/items/${items[k]}/rating`, who, { value: valueOf(p, k) }))
              .status,
          ).toBe(200);
      const again = await t.db.rating.findMany({ where: { item: { roundId } } });
      expect(new Set(again.map(key)).size).toBe(again.length);
      server.child.kill("SIGKILL");
    },
  );
});

// ---------------------------------------------------------------------------------------------

describe.each(providers)("fault: websocket dropped mid-edit on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  test("the provider reconnects and the edits made while disconnected merge", { timeout: 60_000 }, async () => {
    const world = await buildRoleWorld(t, app);
    const name = documentName("rationale", world.openRound.itemIds[0]!);
    const withCookie = (cookie: string) =>
      class extends WebSocket {
        constructor(url: string, protocols?: string | string[]) {
          super(url, protocols, { headers: { cookie } });
        }
      };
    const open = async (cookie: string) => {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(`${app.url.replace("http", "ws")}/yjs`, name, doc, {
        WebSocketPolyfill: withCookie(cookie) as never,
        disableBc: true,
        maxBackoffTime: 300,
      });
      await new Promise<void>((resolve) => (provider.synced ? resolve() : provider.once("sync", () => resolve())));
      return { doc, provider };
    };
    const paragraph = (doc: Y.Doc, text: string) => {
      const p = new Y.XmlElement("paragraph");
      p.insert(0, [new Y.XmlText(text)]);
      const fragment = doc.getXmlFragment(RATIONALE_FIELD);
      fragment.insert(fragment.length, [p]);
    };
    const a = await open(world.panel[0]!.cookie);
    const b = await open(world.panel[1]!.cookie);
    try {
      paragraph(a.doc, "before the drop");
      await waitFor(() => expect(plainText(b.doc)).toContain("before the drop"));

      // The connection dies without a close handshake; edits continue locally on both sides.
      (a.provider.ws as unknown as WebSocket).terminate();
      paragraph(a.doc, "typed while offline");
      paragraph(b.doc, "typed by the other panellist meanwhile");

      await waitFor(() => expect(a.provider.wsconnected && a.provider.synced).toBe(true));
      for (const side of [a, b])
        await waitFor(() => {
          const text = plainText(side.doc);
          expect(text).toContain("typed while offline");
          expect(text).toContain("typed by the other panellist meanwhile");
          expect(text).toContain("before the drop");
        });
      expect(plainText(a.doc)).toBe(plainText(b.doc));
      // And the server stored the merged document.
      await waitFor(async () => {
        const stored = new Y.Doc();
        await loadDocument(t.db, name, stored);
        expect(plainText(stored)).toBe(plainText(a.doc));
      });
    } finally {
      a.provider.destroy();
      b.provider.destroy();
    }
  });
});

// ---------------------------------------------------------------------------------------------

/** A TCP proxy in front of PostgreSQL that the test can take down (dropping every connection) and bring back. */
async function startProxy(target: { host: string; port: number }) {
  const sockets = new Set<Socket>();
  let server: NetServer | null = null;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      if (server) return resolve();
      server = createNetServer((client) => {
        const upstream = connect(target.port, target.host);
        sockets.add(client).add(upstream);
        client.pipe(upstream).pipe(client);
        const drop = () => {
          client.destroy();
          upstream.destroy();
        };
        client.on("error", drop).on("close", drop);
        upstream.on("error", drop).on("close", drop);
      });
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        port = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  await listen();
  return {
    get port() {
      return port;
    },
    async stop() {
      const s = server;
      if (!s) return;
      server = null;
      // An outage cuts live connections too (the pools keep some open); close() alone would wait for them.
      const closed = new Promise<void>((resolve) => s.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      await closed;
    },
    start: listen,
  };
}

describe.skipIf(!process.env.TEST_DATABASE_URL)("fault: PostgreSQL unavailable", () => {
  let real: TestDb;
  let t: TestDb;
  let app: RunningApp;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  beforeAll(async () => {
    real = await createTestDb("postgresql");
    const target = new URL(real.url);
    proxy = await startProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(real.url);
    viaProxy.hostname = "127.0.0.1";
    viaProxy.port = String(proxy.port);
    t = { url: viaProxy.toString(), db: await openDb(viaProxy.toString()), drop: async () => {} };
    app = await startTestApp(t);
  });
  afterAll(async () => {
    await app?.close();
    await t?.db.$disconnect();
    await proxy?.stop();
    await real?.drop();
  });

  test("requests during the outage get 503, and the server recovers by itself", { timeout: 60_000 }, async () => {
    const user = await createTestUser(t, { isAdmin: true });
    const cookie = await login(app, user.email, user.password);
    const me = () => api(app, "GET", "/me", { cookie });
    expect((await me()).status).toBe(200);
    const token = (await api(app, "POST", "/tokens", { cookie }, { name: "outage" })).body.token as string;

    await proxy.stop();
    const during = await me();
    expect(during.status).toBe(503);
    expect(during.body.error.code).toBe("unavailable");
    const page = await fetch(`${app.url}/consultations`, { headers: { cookie, accept: "text/html" } });
    expect(page.status).toBe(503);
    expect(await page.text()).toMatch(/database is unavailable/i);
    // A Bearer call fails in the API dispatcher rather than the session middleware: also 503.
    const byToken = await api(app, "GET", "/models", { token });
    expect(byToken.status).toBe(503);
    expect(byToken.body.error.code).toBe("unavailable");
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(503);

    await proxy.start();
    await waitFor(async () => expect((await me()).status).toBe(200), 20_000);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});

// ---------------------------------------------------------------------------------------------

describe("fault: SQLite disk full", () => {
  let t: TestDb;
  let app: RunningApp;
  beforeAll(async () => {
    t = await createTestDb("sqlite");
    app = await startTestApp(t);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  test("ratings fail with a clear storage error and the database stays intact", { timeout: 60_000 }, async () => {
    const world = await buildRoleWorld(t, app, { panellists: 3 });
    // Cap the file at its current size: the next pages the database needs cannot be allocated.
    const [{ page_count }] = (await t.db.$queryRawUnsafe<{ page_count: bigint }[]>("PRAGMA page_count")) as [
      { page_count: bigint },
    ];
    // On every connection: ratings are written on the hot path's own (server/db/hot-path.ts).
    await t.db.$queryRawUnsafe(`PRAGMA max_page_count = ${Number(page_count)}`);
    await hotPathOf(t.db).pragma(`max_page_count = ${Number(page_count)}`);
    const big = "x".repeat(4900);
    const statuses: number[] = [];
    let refusal: { status: number; body: any } | null = null;
    for (const who of world.panel)
      for (const itemId of world.openRound.itemIds) {
        const res = await api(app, "PUT", `/rounds/${world.openRound.id}/items/${itemId}/rating`, who, {
          value: 3,
          comment: big,
          suggestion: big,
        });
        statuses.push(res.status);
        if (res.status >= 500) refusal ??= res;
      }
    expect(statuses).not.toContain(500);
    expect(refusal, `statuses: ${statuses.join(",")}`).not.toBeNull();
    expect([503, 507]).toContain(refusal!.status);
    expect(refusal!.body.error.message).toMatch(/storage/i);

    await t.db.$queryRawUnsafe("PRAGMA max_page_count = 1073741823");
    await hotPathOf(t.db).pragma("max_page_count = 1073741823");
    const [check] = await t.db.$queryRawUnsafe<{ integrity_check: string }[]>("PRAGMA integrity_check");
    expect(check!.integrity_check).toBe("ok");
    // Once space is back the same rating is accepted.
    const again = await api(
      app,
      "PUT",
      `/rounds/${world.openRound.id}/items/${world.openRound.itemIds[0]}/rating`,
      world.panel[0]!,
      { value: 4 },
    );
    expect(again.status).toBe(200);
  });
});
