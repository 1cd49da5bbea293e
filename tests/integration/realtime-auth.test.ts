// The websocket endpoints on the app's port refuse anonymous upgrades and serve signed-in users, and every
// connection follows its session: a logout, an expiry, a withdrawal or a removed role closes it at once.
import { readFileSync } from "node:fs";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { io as ioClient, type Socket } from "socket.io-client";
import WebSocket from "ws";
import * as Y from "yjs";
import type { RunningApp } from "../../server/app.js";
import { createAuth } from "../../server/auth.js";
import { attachSocketIo } from "../../server/realtime/socket.js";
import { attachYjs } from "../../server/realtime/yjs.js";
import { createRevocation } from "../../server/realtime/revocation.js";
import { importModel } from "../../app/models/model.server.js";
import { documentName, RATIONALE_FIELD } from "../../app/models/collaboration.server.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { createTestUser, login, startTestApp } from "../support/server.js";
import { connectYjsClient, type YjsClient } from "../support/yjs-client.js";

/** The status of a refused websocket upgrade, or "open" when it was accepted. */
function upgrade(url: string, headers: Record<string, string> = {}): Promise<number | "open"> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on("open", () => {
      ws.close();
      resolve("open");
    });
    ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
    ws.on("error", reject);
  });
}

describe.each(providers)("websocket authentication on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let cookie: string;
  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    const user = await createTestUser(t);
    cookie = await login(app, user.email, user.password);
  });
  afterAll(async () => {
    await app.close();
    await t.drop();
  });

  const wsUrl = (path: string) => app.url.replace("http", "ws") + path;

  test("an unauthenticated upgrade on /yjs/ is refused with 401", async () => {
    expect(await upgrade(wsUrl("/yjs/some-doc"))).toBe(401);
    expect(await upgrade(wsUrl("/yjs/some-doc"), { cookie: "delphi_session=forged" })).toBe(401);
  });

  test("an unauthenticated upgrade on /socket.io is refused", async () => {
    const status = await upgrade(wsUrl("/socket.io/?EIO=4&transport=websocket"));
    expect(status).not.toBe("open");
    expect(status).toBeGreaterThanOrEqual(400);
    const polling = await fetch(`${app.url}/socket.io/?EIO=4&transport=polling`);
    expect(polling.status).toBe(403);
  });

  test("socket.io refuses an anonymous client and accepts a signed-in one", async () => {
    const anonymous = ioClient(app.url, { transports: ["websocket"], reconnection: false });
    const refused = await new Promise<string>((resolve) => anonymous.on("connect_error", (e) => resolve(e.message)));
    expect(refused).toBeTruthy();
    anonymous.close();

    const client = ioClient(app.url, { transports: ["websocket"], reconnection: false, extraHeaders: { cookie } });
    await new Promise<void>((resolve, reject) => {
      client.on("connect", resolve);
      client.on("connect_error", reject);
    });
    expect(client.connected).toBe(true);
    client.close();
  });

  test("a signed-in user is refused a document they have no part in (403), so names cannot be probed", async () => {
    expect(await upgrade(wsUrl("/yjs/rationale.not-an-item"), { cookie })).toBe(403);
    expect(await upgrade(wsUrl("/yjs/free-form-name"), { cookie })).toBe(403);
  });

  test("an upgrade to an unknown path is closed", async () => {
    await expect(upgrade(wsUrl("/elsewhere"))).rejects.toThrow();
  });
});

// ---------------------------------------------------------------------------------------------
// Connections that follow the session

type Role = "moderator" | "panellist" | "observer";

const demoModel = () => JSON.parse(readFileSync(new URL("../../prisma/demo-model.json", import.meta.url), "utf8"));

/** A consultation with one open round and one item, and a way to add members, built with Prisma directly. */
async function createStudy(t: TestDb) {
  const { versionId } = await importModel(t.db, demoModel());
  const creator = await createTestUser(t);
  const consultation = await t.db.consultation.create({
    data: { title: "Session study", modelVersionId: versionId, consensusRule: "{}", createdById: creator.id },
  });
  const round = await t.db.round.create({ data: { consultationId: consultation.id, number: 1, status: "open" } });
  const item = await t.db.roundItem.create({
    data: { roundId: round.id, key: "I.1.1", kind: "indicator", position: 0, wording: "A strategy" },
  });
  let members = 0;
  return {
    consultation,
    docName: documentName("rationale", item.id),
    async join(role: Role, user?: Awaited<ReturnType<typeof createTestUser>>) {
      members += 1;
      const who = user ?? (await createTestUser(t));
      const member = await t.db.member.create({
        data: { consultationId: consultation.id, userId: who.id, role, pseudonym: `Expert ${members}` },
      });
      return { ...who, memberId: member.id };
    },
  };
}

/** A socket.io client in the consultation's rooms that records when the server ends it. */
async function liveSocket(url: string, cookie: string, consultationId: string) {
  const socket: Socket = ioClient(url, { transports: ["websocket"], reconnection: false, extraHeaders: { cookie } });
  const ended = new Promise<string>((resolve) => socket.on("disconnect", (reason) => resolve(reason)));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  expect(await socket.emitWithAck("consultation:join", { consultationId })).toEqual({ ok: true });
  return { socket, ended };
}

/** Resolves with what `promise` gives within `ms`, or "still open". */
const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<"still open">((resolve) => setTimeout(() => resolve("still open"), ms))]);

function addParagraph(doc: Y.Doc, text: string) {
  const fragment = doc.getXmlFragment(RATIONALE_FIELD);
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  fragment.insert(fragment.length, [paragraph]);
}

/**
 * socket.io, Yjs and the revocation hook on their own HTTP server, as server/app.ts wires them, to reach the
 * hook and shorten the periodic session check.
 */
async function startRealtime(t: TestDb, sessionCheckMs = 60_000) {
  const auth = createAuth(t.db, { secureCookies: false });
  const httpServer: HttpServer = createServer((_req, res) => res.writeHead(404).end());
  const { io, sessions } = attachSocketIo(httpServer, auth, t.db);
  const yjs = attachYjs(httpServer, auth, { db: t.db, limits: { sessionCheckMs } });
  const revocation = createRevocation({ auth, sockets: sessions, yjs, sessionCheckMs });
  httpServer.on("upgrade", (req, socket, head) => {
    if ((req.url ?? "").startsWith("/yjs/")) yjs.handleUpgrade(req, socket, head);
  });
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  return {
    url,
    revocation,
    cookie: async (userId: string) => (await auth.createSession(userId)).split(";")[0]!,
    async close() {
      revocation.stop();
      await yjs.close();
      await io.close();
      httpServer.closeAllConnections();
    },
  };
}

describe.each(providers)("realtime connections follow the session on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  const open: { close(): void }[] = [];
  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
  });
  afterAll(async () => {
    open.forEach((c) => c.close());
    await app?.close();
    await t?.drop();
  });

  const yjsUrl = (base: string, docName: string) => `${base.replace("http", "ws")}/yjs/${docName}`;
  const yjsClient = async (base: string, docName: string, cookie: string): Promise<YjsClient> => {
    const client = await connectYjsClient(yjsUrl(base, docName), cookie);
    open.push({ close: () => client.ws.close() });
    return client;
  };
  const socketClient = async (base: string, cookie: string, consultationId: string) => {
    const client = await liveSocket(base, cookie, consultationId);
    open.push({ close: () => client.socket.close() });
    return client;
  };

  test("logout closes that session's socket.io and Yjs connections at once; the user's other session stays", async () => {
    const study = await createStudy(t);
    const moderator = await study.join("moderator");
    const [loggingOut, otherDevice] = [
      await login(app, moderator.email, moderator.password),
      await login(app, moderator.email, moderator.password),
    ];
    const socketA = await socketClient(app.url, loggingOut, study.consultation.id);
    const socketB = await socketClient(app.url, otherDevice, study.consultation.id);
    // A reader: nothing it sends is ever re-checked, only the session can end it.
    const yjsA = await yjsClient(app.url, study.docName, loggingOut);
    const yjsB = await yjsClient(app.url, study.docName, otherDevice);

    const res = await fetch(`${app.url}/logout`, {
      method: "POST",
      headers: { cookie: loggingOut },
      redirect: "manual",
    });
    expect(res.status).toBe(302);
    // Closed by the time the logout answered (give the close frames a moment to arrive), not a minute later.
    expect(await within(yjsA.closed, 1_000)).toEqual({ code: 4401, reason: "session ended" });
    expect(await within(socketA.ended, 1_000)).toBe("io server disconnect");
    // Reconnecting with the old cookie is refused.
    await expect(connectYjsClient(yjsUrl(app.url, study.docName), loggingOut)).rejects.toThrow(/401/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(socketB.socket.connected).toBe(true);
    expect(yjsB.ws.readyState).toBe(WebSocket.OPEN);
  });

  test("withdrawing a panellist closes their socket.io and Yjs connections at once, and only theirs", async () => {
    const study = await createStudy(t);
    const moderator = await study.join("moderator");
    const [leaving, staying] = [await study.join("panellist"), await study.join("panellist")];
    const [leavingCookie, stayingCookie] = [
      await login(app, leaving.email, leaving.password),
      await login(app, staying.email, staying.password),
    ];
    const leavingSocket = await socketClient(app.url, leavingCookie, study.consultation.id);
    const stayingSocket = await socketClient(app.url, stayingCookie, study.consultation.id);
    const leavingDoc = await yjsClient(app.url, study.docName, leavingCookie);
    const stayingDoc = await yjsClient(app.url, study.docName, stayingCookie);

    const res = await fetch(
      `${app.url}/api/v1/consultations/${study.consultation.id}/panellists/${leaving.memberId}/withdraw`,
      {
        method: "POST",
        headers: { cookie: await login(app, moderator.email, moderator.password), "content-type": "application/json" },
        body: JSON.stringify({ answers: "keep" }),
      },
    );
    expect(res.status).toBe(200);
    expect(await within(leavingDoc.closed, 1_000)).toEqual({ code: 4403, reason: "forbidden" });
    expect(await within(leavingSocket.ended, 1_000)).toBe("io server disconnect");
    addParagraph(stayingDoc.doc, "Still here");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(stayingDoc.ws.readyState).toBe(WebSocket.OPEN);
    expect(stayingSocket.socket.connected).toBe(true);
  });

  test("accessRevoked for a user whose role was removed closes their connections to that consultation only", async () => {
    const realtime = await startRealtime(t);
    try {
      const [study, elsewhere] = [await createStudy(t), await createStudy(t)];
      const observer = await study.join("observer");
      await elsewhere.join("observer", observer);
      const colleague = await study.join("observer");
      const cookie = await realtime.cookie(observer.id);
      const socket = await socketClient(realtime.url, cookie, study.consultation.id);
      const otherSocket = await socketClient(realtime.url, cookie, elsewhere.consultation.id);
      const reader = await yjsClient(realtime.url, study.docName, cookie);
      const otherReader = await yjsClient(realtime.url, elsewhere.docName, cookie);
      const colleagueReader = await yjsClient(realtime.url, study.docName, await realtime.cookie(colleague.id));

      await t.db.member.delete({ where: { id: observer.memberId } });
      await realtime.revocation.accessRevoked({ userId: observer.id });
      expect(await within(reader.closed, 500)).toEqual({ code: 4403, reason: "forbidden" });
      expect(await within(socket.ended, 500)).toBe("io server disconnect");
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(otherSocket.socket.connected).toBe(true);
      expect(otherReader.ws.readyState).toBe(WebSocket.OPEN);
      expect(colleagueReader.ws.readyState).toBe(WebSocket.OPEN);
    } finally {
      await realtime.close();
    }
  });

  test("a session that expires closes its socket.io and Yjs connections at the periodic check, readers too", async () => {
    const realtime = await startRealtime(t, 100);
    try {
      const study = await createStudy(t);
      const [moderator, panellist] = [await study.join("moderator"), await study.join("panellist")];
      const [expiring, staying] = [await realtime.cookie(moderator.id), await realtime.cookie(panellist.id)];
      const socket = await socketClient(realtime.url, expiring, study.consultation.id);
      const reader = await yjsClient(realtime.url, study.docName, expiring);
      const writer = await yjsClient(realtime.url, study.docName, staying);
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(reader.ws.readyState).toBe(WebSocket.OPEN); // a live session is not closed by the check

      await t.db.session.updateMany({ where: { userId: moderator.id }, data: { expiresAt: new Date(Date.now() - 1) } });
      expect(await within(reader.closed, 1_000)).toEqual({ code: 4401, reason: "session ended" });
      expect(await within(socket.ended, 1_000)).toBe("io server disconnect");
      expect(writer.ws.readyState).toBe(WebSocket.OPEN);
    } finally {
      await realtime.close();
    }
  });
});
