// Live collaboration documents: who may read and write them, pseudonymous presence, persistence and limits,
// exercised with real websockets (y-websocket providers and a raw protocol client) against the real server.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import { WebsocketProvider } from "y-websocket";
import type { RunningApp } from "../../server/app.js";
import { createAuth } from "../../server/auth.js";
import { attachYjs, DEFAULT_YJS_LIMITS, type YjsOptions } from "../../server/realtime/yjs.js";
import { documentProblem, editorSchema } from "../../server/realtime/yjs-schema.js";
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from "y-prosemirror";
import { loadDocument } from "../../server/realtime/yjs-persistence.js";
import { importModel } from "../../app/models/model.server.js";
import {
  authorizeDocument,
  documentName,
  plainText,
  PRESENCE_COLOURS,
  RATIONALE_FIELD,
  snapshotRoundDocuments,
} from "../../app/models/collaboration.server.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { createTestUser, login, startTestApp } from "../support/server.js";

// ---------------------------------------------------------------------------------------------
// Factories: a consultation with one round, its items and members, built with Prisma directly.

type Role = "moderator" | "panellist" | "observer";
type RoundStatus = "draft" | "open" | "closed" | "published";
type TestUser = Awaited<ReturnType<typeof createTestUser>>;

const demoModel = () => JSON.parse(readFileSync(new URL("../../prisma/demo-model.json", import.meta.url), "utf8"));

async function createStudy(t: TestDb, options: { status?: RoundStatus; items?: number } = {}) {
  const { versionId } = await importModel(t.db, demoModel());
  const creator = await createTestUser(t);
  const consultation = await t.db.consultation.create({
    data: { title: "Genomics Delphi", modelVersionId: versionId, consensusRule: "{}", createdById: creator.id },
  });
  const round = await t.db.round.create({
    data: { consultationId: consultation.id, number: 1, status: options.status ?? "open" },
  });
  const items = [];
  for (let position = 0; position < (options.items ?? 1); position++)
    items.push(
      await t.db.roundItem.create({
        data: { roundId: round.id, key: `I.1.${position + 1}`, kind: "indicator", position, wording: "A strategy" },
      }),
    );
  let members = 0;
  return {
    consultation,
    round,
    items,
    item: items[0]!,
    setStatus: (status: RoundStatus) => t.db.round.update({ where: { id: round.id }, data: { status } }),
    /** A user with an identifying name, and their membership. */
    async join(role: Role): Promise<TestUser & { pseudonym: string }> {
      members += 1;
      const user = await createTestUser(t, { name: `Dr Realname ${members} ${Date.now()}` });
      const pseudonym = `Expert ${members}`;
      await t.db.member.create({ data: { consultationId: consultation.id, userId: user.id, role, pseudonym } });
      return { ...user, pseudonym };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Clients

/** A WebSocket class for y-websocket that sends the session cookie, as a browser would. */
const withCookie = (cookie: string) =>
  class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  };

async function provide(base: string, docName: string, cookie: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(base, docName, doc, {
    WebSocketPolyfill: withCookie(cookie) as never,
    disableBc: true,
  });
  await new Promise<void>((resolve) => (provider.synced ? resolve() : provider.once("sync", () => resolve())));
  return { doc, provider };
}

const SERVER = "server";

/**
 * Speaks the y-websocket protocol by hand, like a provider, but records what it receives (awareness states as
 * the raw JSON the server sent) and how the server closed the connection.
 */
async function rawClient(base: string, docName: string, cookie: string) {
  const ws = new WebSocket(`${base}/${docName}`, { headers: { cookie } });
  const doc = new Y.Doc();
  const awarenessStates: string[] = [];
  /** Every awareness entry received, in order: whose, and its state as sent. */
  const awarenessEntries: { clientId: number; state: string }[] = [];
  let markSynced!: () => void;
  const synced = new Promise<void>((resolve) => (markSynced = resolve));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const sendSync = (write: (encoder: encoding.Encoder) => void) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    write(encoder);
    ws.send(encoding.toUint8Array(encoder));
  };
  ws.on("message", (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    const type = decoding.readVarUint(decoder);
    if (type === 0) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      const kind = syncProtocol.readSyncMessage(decoder, encoder, doc, SERVER);
      if (kind === syncProtocol.messageYjsSyncStep2) markSynced();
      if (encoding.length(encoder) > 1) ws.send(encoding.toUint8Array(encoder));
    } else if (type === 1) {
      const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
      const count = decoding.readVarUint(update);
      for (let i = 0; i < count; i++) {
        const clientId = decoding.readVarUint(update);
        decoding.readVarUint(update);
        const state = decoding.readVarString(update);
        awarenessStates.push(state);
        awarenessEntries.push({ clientId, state });
      }
    }
  });
  doc.on("update", (update: Uint8Array, origin: unknown) => {
    if (origin !== SERVER && ws.readyState === ws.OPEN) sendSync((e) => syncProtocol.writeUpdate(e, update));
  });
  await new Promise<void>((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  sendSync((e) => syncProtocol.writeSyncStep1(e, doc));
  await synced;
  return {
    ws,
    doc,
    awarenessStates,
    awarenessEntries,
    closed,
    sendAwareness(state: unknown, clientId = doc.clientID, clock = 1) {
      const update = encoding.createEncoder();
      encoding.writeVarUint(update, 1);
      encoding.writeVarUint(update, clientId);
      encoding.writeVarUint(update, clock);
      encoding.writeVarString(update, typeof state === "string" ? state : JSON.stringify(state));
      const message = encoding.createEncoder();
      encoding.writeVarUint(message, 1);
      encoding.writeVarUint8Array(message, encoding.toUint8Array(update));
      ws.send(encoding.toUint8Array(message));
    },
    /** Sends a raw Yjs update, as a crafted client would. */
    sendUpdate(update: Uint8Array) {
      sendSync((e) => syncProtocol.writeUpdate(e, update));
    },
    close: () => ws.close(),
  };
}

/** The status of a websocket upgrade: the refusal's HTTP status, or "open". */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number | "open"> {
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

function addParagraph(doc: Y.Doc, text: string) {
  const fragment = doc.getXmlFragment(RATIONALE_FIELD);
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  fragment.insert(fragment.length, [paragraph]);
}

/** The text of a document as stored in the database. */
async function storedText(t: TestDb, name: string): Promise<string> {
  const doc = new Y.Doc();
  await loadDocument(t.db, name, doc);
  return plainText(doc);
}

const waitFor = <T>(check: () => T | Promise<T>) => vi.waitFor(check, { timeout: 5_000, interval: 20 });

/** The Yjs endpoint alone on its own HTTP server, to reach its handle (document count, access refresh, limits). */
async function startYjsServer(t: TestDb, options: Omit<YjsOptions, "db"> = {}) {
  const auth = createAuth(t.db, { secureCookies: false });
  const httpServer = createServer((_req, res) => res.writeHead(404).end());
  const yjs = attachYjs(httpServer, auth, { db: t.db, ...options });
  httpServer.on("upgrade", (req, socket, head) => yjs.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    yjs,
    base: `ws://127.0.0.1:${port}/yjs`,
    async cookie(user: TestUser) {
      return (await auth.login(user.email, user.password))!.split(";")[0]!;
    },
    async close() {
      await yjs.close();
      httpServer.closeAllConnections();
      await new Promise((resolve) => httpServer.close(resolve));
    },
  };
}

// ---------------------------------------------------------------------------------------------

describe("presence colours", () => {
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };

  test("every presence colour has at least 4.5:1 contrast against white", () => {
    for (const colour of PRESENCE_COLOURS) expect(1.05 / (luminance(colour) + 0.05)).toBeGreaterThanOrEqual(4.5);
  });
});

describe.each(providers)("collaboration documents on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let base: string;
  const cookieFor = (user: TestUser) => login(app, user.email, user.password);

  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    base = `${app.url.replace("http", "ws")}/yjs`;
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  describe("access", () => {
    test("rationale is written by panellists while the round is open and read by everyone else", async () => {
      const study = await createStudy(t, { status: "open" });
      const [panellist, moderator, observer, outsider] = [
        await study.join("panellist"),
        await study.join("moderator"),
        await study.join("observer"),
        await createTestUser(t),
      ];
      const admin = await createTestUser(t, { isAdmin: true });
      const name = documentName("rationale", study.item.id);
      const access = async (user: TestUser) => (await authorizeDocument(t.db, user, name))?.access ?? null;

      expect(await authorizeDocument(t.db, panellist, name)).toEqual({
        access: "write",
        displayName: panellist.pseudonym,
        colour: expect.stringMatching(/^#[0-9a-f]{6}$/),
        consultationId: study.consultation.id,
        roundId: study.round.id,
        roundItemId: study.item.id,
      });
      expect([await access(moderator), await access(admin), await access(observer), await access(outsider)]).toEqual([
        "read",
        "read",
        "read",
        null,
      ]);
      for (const status of ["draft", "closed", "published"] as const) {
        await study.setStatus(status);
        expect(await access(panellist)).toBe("read");
      }
    });

    test("wording is written by moderators while the round is under review and hidden from panellists", async () => {
      const study = await createStudy(t, { status: "closed" });
      const [panellist, moderator, observer] = [
        await study.join("panellist"),
        await study.join("moderator"),
        await study.join("observer"),
      ];
      const admin = await createTestUser(t, { isAdmin: true });
      const name = documentName("wording", study.item.id);
      const access = async (user: TestUser) => (await authorizeDocument(t.db, user, name))?.access ?? null;

      expect([await access(moderator), await access(admin), await access(observer), await access(panellist)]).toEqual([
        "write",
        "write",
        "read",
        null,
      ]);
      await study.setStatus("published");
      expect(await access(moderator)).toBe("read");
    });

    test("display names are pseudonyms or roles, never names or emails, with a colour stable per pseudonym", async () => {
      const study = await createStudy(t);
      const [panellist, moderator, observer] = [
        await study.join("panellist"),
        await study.join("moderator"),
        await study.join("observer"),
      ];
      const name = documentName("rationale", study.item.id);
      const shown = await Promise.all([panellist, moderator, observer].map((u) => authorizeDocument(t.db, u, name)));
      expect(shown.map((a) => a?.displayName)).toEqual([panellist.pseudonym, "Moderator", "Observer"]);
      expect(JSON.stringify(shown)).not.toMatch(/Realname|@test\.example/);

      const other = await createStudy(t);
      const samePseudonym = await other.join("panellist");
      const elsewhere = await authorizeDocument(t.db, samePseudonym, documentName("rationale", other.item.id));
      expect(elsewhere?.colour).toBe(shown[0]?.colour);
    });

    test("a non-member, an unknown item and a malformed name are refused at the upgrade", async () => {
      const study = await createStudy(t);
      const outsider = await createTestUser(t);
      const cookie = await cookieFor(outsider);
      const panellistCookie = await cookieFor(await study.join("panellist"));
      const url = (name: string) => `${base}/${name}`;

      expect(await upgradeStatus(url(documentName("rationale", study.item.id)), { cookie })).toBe(403);
      expect(await upgradeStatus(url(documentName("rationale", "no-such-item")), { cookie: panellistCookie })).toBe(
        403,
      );
      expect(await upgradeStatus(url("notes.anything"), { cookie: panellistCookie })).toBe(403);
      expect(await upgradeStatus(url(documentName("rationale", study.item.id)))).toBe(401);
      expect(await upgradeStatus(url("bad%2Fname"), { cookie: panellistCookie })).toBe(400);
      expect(await upgradeStatus(url(documentName("rationale", study.item.id)), { cookie: panellistCookie })).toBe(
        "open",
      );
    });

    test("an observer reads the rationale, and its edit is refused with 4403 without reaching anyone", async () => {
      const study = await createStudy(t);
      const name = documentName("rationale", study.item.id);
      const panellist = await provide(base, name, await cookieFor(await study.join("panellist")));
      addParagraph(panellist.doc, "Reimbursement decides uptake.");
      await waitFor(async () => expect(await storedText(t, name)).toBe("Reimbursement decides uptake."));

      const observer = await rawClient(base, name, await cookieFor(await study.join("observer")));
      expect(plainText(observer.doc)).toBe("Reimbursement decides uptake.");
      // Its provider-style empty sync step 2 is not a write: it stays connected.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(observer.ws.readyState).toBe(WebSocket.OPEN);

      addParagraph(observer.doc, "Observer opinion");
      expect(await observer.closed).toEqual({ code: 4403, reason: "read-only" });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(plainText(panellist.doc)).toBe("Reimbursement decides uptake.");
      expect(await storedText(t, name)).toBe("Reimbursement decides uptake.");
      panellist.provider.destroy();
    });

    test("a closed round's rationale is read-only for its panellists", async () => {
      const study = await createStudy(t, { status: "closed" });
      const name = documentName("rationale", study.item.id);
      const seed = new Y.Doc();
      addParagraph(seed, "Final rationale");
      const state = Y.encodeStateAsUpdate(seed);
      await t.db.yDocument.create({ data: { name, snapshot: new Uint8Array(state), size: state.length } });

      const panellist = await rawClient(base, name, await cookieFor(await study.join("panellist")));
      expect(plainText(panellist.doc)).toBe("Final rationale");
      addParagraph(panellist.doc, "A late thought");
      expect(await panellist.closed).toEqual({ code: 4403, reason: "read-only" });
      expect(await storedText(t, name)).toBe("Final rationale");
    });

    test("closing the round turns connected writers into readers at once through refreshAccess", async () => {
      const server = await startYjsServer(t);
      try {
        const study = await createStudy(t);
        const name = documentName("rationale", study.item.id);
        const reader = await rawClient(server.base, name, await server.cookie(await study.join("moderator")));
        const writer = await rawClient(server.base, name, await server.cookie(await study.join("panellist")));
        addParagraph(writer.doc, "Before the close");
        await waitFor(() => expect(plainText(reader.doc)).toBe("Before the close"));

        await study.setStatus("closed");
        await server.yjs.refreshAccess({ roundId: study.round.id });
        expect(await storedText(t, name)).toBe("Before the close");
        addParagraph(writer.doc, "After the close");
        expect(await writer.closed).toEqual({ code: 4403, reason: "read-only" });
        expect(plainText(reader.doc)).toBe("Before the close");
        expect(reader.ws.readyState).toBe(WebSocket.OPEN);
        reader.close();
      } finally {
        await server.close();
      }
    });

    test("without refreshAccess a writer's access is checked again once it is older than accessTtlMs", async () => {
      const server = await startYjsServer(t, { limits: { accessTtlMs: 50 } });
      try {
        const study = await createStudy(t);
        const name = documentName("rationale", study.item.id);
        const writer = await rawClient(server.base, name, await server.cookie(await study.join("panellist")));
        addParagraph(writer.doc, "Open");
        await waitFor(async () => expect(await storedText(t, name)).toBe("Open"));
        await study.setStatus("closed");
        await new Promise((resolve) => setTimeout(resolve, 100));
        addParagraph(writer.doc, "Closed");
        expect(await writer.closed).toEqual({ code: 4403, reason: "read-only" });
        expect(await storedText(t, name)).toBe("Open");
      } finally {
        await server.close();
      }
    });

    test("awareness reaches others with the pseudonym only, whatever name the client announced", async () => {
      const study = await createStudy(t);
      const name = documentName("rationale", study.item.id);
      const alice = await study.join("panellist");
      const watcher = await rawClient(base, name, await cookieFor(await study.join("panellist")));
      const editor = await provide(base, name, await cookieFor(alice));
      editor.provider.awareness.setLocalState({
        user: { name: alice.name, email: alice.email, colour: "#000000" },
        cursor: { anchor: 3, head: 5 },
      });

      await waitFor(() => expect(watcher.awarenessStates.join("\n")).toContain('"anchor":3'));
      const received = watcher.awarenessStates.join("\n");
      expect(received).not.toContain(alice.email);
      expect(received).not.toContain(alice.name);
      const state = JSON.parse(watcher.awarenessStates.findLast((s) => s.includes('"anchor":3'))!);
      expect(state).toEqual({
        user: { name: alice.pseudonym, colour: expect.any(String), color: expect.any(String) },
        cursor: { anchor: 3, head: 5 },
      });
      expect(state.user.colour).not.toBe("#000000");

      // Nor can a client overwrite someone else's presence.
      watcher.sendAwareness({ user: { name: "Mallory" }, cursor: null }, editor.doc.clientID, 999);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(editor.provider.awareness.getStates().get(editor.doc.clientID)?.user.name).toBe(alice.name);
      expect([...editor.provider.awareness.getStates().values()].map((s) => s.user?.name)).not.toContain("Mallory");
      editor.provider.destroy();
      watcher.close();
    });
  });

  describe("persistence and limits", () => {
    test("two panellists co-edit a rationale and see each other's edits", async () => {
      const study = await createStudy(t);
      const name = documentName("rationale", study.item.id);
      const a = await provide(base, name, await cookieFor(await study.join("panellist")));
      const b = await provide(base, name, await cookieFor(await study.join("panellist")));
      addParagraph(a.doc, "Agreement depends on ");
      await waitFor(() => expect(plainText(b.doc)).toBe("Agreement depends on "));
      const text = (b.doc.getXmlFragment(RATIONALE_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText;
      text.insert(text.length, "reimbursement.");
      await waitFor(() => expect(plainText(a.doc)).toBe("Agreement depends on reimbursement."));
      a.provider.destroy();
      b.provider.destroy();
    });

    test("edits survive a server restart", async () => {
      const study = await createStudy(t);
      const name = documentName("rationale", study.item.id);
      const panellist = await study.join("panellist");
      const reader = await rawClient(base, name, await cookieFor(await study.join("observer")));
      const writer = await rawClient(base, name, await cookieFor(panellist));
      for (let i = 1; i <= 20; i++) addParagraph(writer.doc, `Point ${i}`);
      await waitFor(() => expect(plainText(reader.doc)).toContain("Point 20"));

      await app.close();
      const stored = await t.db.yDocument.findUniqueOrThrow({ where: { name }, include: { updates: true } });
      expect(stored.snapshot).not.toBeNull();
      expect(stored.updates).toHaveLength(0);

      app = await startTestApp(t);
      base = `${app.url.replace("http", "ws")}/yjs`;
      const again = await provide(base, name, await cookieFor(panellist));
      expect(plainText(again.doc)).toBe(plainText(writer.doc));
      expect(plainText(again.doc).split("\n")).toHaveLength(20);
      again.provider.destroy();
    });

    test("close() resolves only once everything applied before it is stored", async () => {
      const server = await startYjsServer(t);
      const study = await createStudy(t);
      const name = documentName("rationale", study.item.id);
      const reader = await rawClient(server.base, name, await server.cookie(await study.join("observer")));
      const writer = await rawClient(server.base, name, await server.cookie(await study.join("panellist")));
      for (let i = 1; i <= 50; i++) addParagraph(writer.doc, `Point ${i}`);
      await waitFor(() => expect(plainText(reader.doc)).toContain("Point 50"));

      await server.yjs.close();
      const stored = await t.db.yDocument.findUniqueOrThrow({ where: { name }, include: { updates: true } });
      expect(stored.snapshot).not.toBeNull();
      expect(stored.updates).toHaveLength(0);
      expect(await storedText(t, name)).toBe(plainText(writer.doc));
      expect(server.yjs.documentCount()).toBe(0);
      await server.close();
    });

    test("after compactEvery updates the stored updates are folded into a snapshot with identical content", async () => {
      const study = await createStudy(t);
      const name = documentName("rationale", study.item.id);
      const writer = await provide(base, name, await cookieFor(await study.join("panellist")));
      const edits = DEFAULT_YJS_LIMITS.compactEvery + 5;
      for (let i = 1; i <= edits; i++) addParagraph(writer.doc, `Edit ${i}`);

      // Still connected: this is the compaction after N updates, not the one on unload. The updates after the
      // N-th stay rows (the snapshot may already contain some of them: applying an update twice changes nothing).
      await waitFor(async () => {
        const stored = await t.db.yDocument.findUniqueOrThrow({ where: { name }, include: { updates: true } });
        expect(stored.snapshot).not.toBeNull();
        expect(stored.updates).toHaveLength(edits - DEFAULT_YJS_LIMITS.compactEvery);
      });
      expect(await storedText(t, name)).toBe(plainText(writer.doc));
      const loaded = new Y.Doc();
      await loadDocument(t.db, name, loaded);
      expect(Y.encodeStateVector(loaded)).toEqual(Y.encodeStateVector(writer.doc));
      writer.provider.destroy();
    });

    test("an oversized update is refused with 1009 and the document stays intact for others", async () => {
      const study = await createStudy(t);
      const name = documentName("rationale", study.item.id);
      const other = await provide(base, name, await cookieFor(await study.join("panellist")));
      addParagraph(other.doc, "Short and kept");
      await waitFor(async () => expect(await storedText(t, name)).toBe("Short and kept"));

      const sender = await rawClient(base, name, await cookieFor(await study.join("panellist")));
      addParagraph(sender.doc, "x".repeat(300_000));
      const { code, reason } = await sender.closed;
      expect(code).toBe(1009);
      expect(reason).toMatch(/^update too large: 3\d{5} bytes > 262144$/);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(plainText(other.doc)).toBe("Short and kept");
      expect(await storedText(t, name)).toBe("Short and kept");
      other.provider.destroy();
    });

    test("an update that would grow the document past maxDocumentBytes is refused with 1009", async () => {
      const server = await startYjsServer(t, { limits: { maxUpdateBytes: 8_000, maxDocumentBytes: 10_000 } });
      try {
        const study = await createStudy(t);
        const name = documentName("rationale", study.item.id);
        const writer = await rawClient(server.base, name, await server.cookie(await study.join("panellist")));
        addParagraph(writer.doc, "a".repeat(6_000));
        await waitFor(async () => expect((await storedText(t, name)).length).toBe(6_000));
        addParagraph(writer.doc, "b".repeat(6_000));
        const { code, reason } = await writer.closed;
        expect(code).toBe(1009);
        expect(reason).toMatch(/^document too large: \d+ bytes > 10000$/);
        expect(await storedText(t, name)).toBe("a".repeat(6_000));
      } finally {
        await server.close();
      }
    });

    test("a document leaves memory once its last client leaves, stored as one snapshot", async () => {
      const server = await startYjsServer(t);
      try {
        const study = await createStudy(t);
        const name = documentName("rationale", study.item.id);
        const a = await provide(server.base, name, await server.cookie(await study.join("panellist")));
        const b = await provide(server.base, name, await server.cookie(await study.join("panellist")));
        addParagraph(a.doc, "Kept after unload");
        await waitFor(() => expect(plainText(b.doc)).toBe("Kept after unload"));
        expect(server.yjs.documentCount()).toBe(1);

        a.provider.destroy();
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(server.yjs.documentCount()).toBe(1);
        b.provider.destroy();
        await waitFor(() => expect(server.yjs.documentCount()).toBe(0));
        const stored = await t.db.yDocument.findUniqueOrThrow({ where: { name }, include: { updates: true } });
        expect(stored.updates).toHaveLength(0);
        expect(stored.size).toBe(stored.snapshot?.length);
        expect(await storedText(t, name)).toBe("Kept after unload");
      } finally {
        await server.close();
      }
    });

    test("snapshotRoundDocuments returns the text and restorable state of every rationale written in", async () => {
      const study = await createStudy(t, { items: 2 });
      const [first] = study.items;
      const name = documentName("rationale", first!.id);
      const writer = await provide(base, name, await cookieFor(await study.join("panellist")));
      addParagraph(writer.doc, "Funding is the main barrier.");
      addParagraph(writer.doc, "Proposed wording: a funded national strategy.");
      await waitFor(async () => expect(await storedText(t, name)).toContain("funded"));

      const snapshots = await snapshotRoundDocuments(t.db, study.round.id);
      expect(snapshots.map(({ roundItemId, text }) => ({ roundItemId, text }))).toEqual([
        {
          roundItemId: first!.id,
          text: "Funding is the main barrier.\nProposed wording: a funded national strategy.",
        },
      ]); // the second item's rationale was never opened: nothing to keep
      const restored = new Y.Doc();
      Y.applyUpdate(restored, snapshots[0]!.state);
      expect(restored.getXmlFragment(RATIONALE_FIELD).toJSON()).toBe(
        writer.doc.getXmlFragment(RATIONALE_FIELD).toJSON(),
      );
      writer.provider.destroy();
    });
  });
  describe("presence, connection caps and the editor's schema", () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const caret = (index: number) => ({
      anchor: { type: { client: 12, clock: 3 }, tname: null, item: { client: 12, clock: index }, assoc: 0 },
      head: { type: { client: 12, clock: 3 }, tname: null, item: { client: 12, clock: index }, assoc: 0 },
    });

    test("presence carries only the pseudonym, colour and caret: every other field is dropped", async () => {
      const study = await createStudy(t);
      const name = documentName("rationale", study.item.id);
      const sender = await study.join("panellist");
      const watcher = await rawClient(base, name, await cookieFor(await study.join("panellist")));
      const client = await rawClient(base, name, await cookieFor(sender));
      client.sendAwareness({
        user: { name: sender.name, email: sender.email, colour: "#000000", avatar: "https://evil.example/x.png" },
        cursor: { ...caret(7), extra: "x".repeat(50) },
        selection: { anchor: 1 },
        note: "call me on +32 …",
      });
      await waitFor(() => expect(watcher.awarenessEntries.some((e) => e.clientId === client.doc.clientID)).toBe(true));
      const state = JSON.parse(watcher.awarenessEntries.findLast((e) => e.clientId === client.doc.clientID)!.state);
      expect(state).toEqual({
        user: { name: sender.pseudonym, colour: expect.stringMatching(/^#[0-9a-f]{6}$/), color: state.user.colour },
        cursor: {
          anchor: { type: { client: 12, clock: 3 }, item: { client: 12, clock: 7 }, assoc: 0 },
          head: { type: { client: 12, clock: 3 }, item: { client: 12, clock: 7 }, assoc: 0 },
        },
      });
      // A caret that is not two positions is no caret.
      client.sendAwareness({ cursor: { anchor: { type: "<img src=x>" }, head: 1 } }, client.doc.clientID, 2);
      await waitFor(() =>
        expect(watcher.awarenessEntries.filter((e) => e.clientId === client.doc.clientID)).toHaveLength(2),
      );
      expect(JSON.parse(watcher.awarenessEntries.at(-1)!.state).cursor).toBeNull();
      client.close();
      watcher.close();
    });

    test("an oversized presence state is dropped, and an oversized presence message closes the socket (1009)", async () => {
      const study = await createStudy(t);
      const name = documentName("rationale", study.item.id);
      const watcher = await rawClient(base, name, await cookieFor(await study.join("panellist")));
      const client = await rawClient(base, name, await cookieFor(await study.join("panellist")));
      client.sendAwareness({ cursor: caret(1), padding: "x".repeat(2_000) });
      await sleep(200);
      expect(watcher.awarenessEntries.filter((e) => e.clientId === client.doc.clientID)).toEqual([]);
      expect(client.ws.readyState).toBe(WebSocket.OPEN);

      client.sendAwareness({ cursor: caret(1), padding: "x".repeat(20_000) }, client.doc.clientID, 2);
      expect(await client.closed).toEqual({
        code: 1009,
        reason: expect.stringMatching(/^awareness too large: 20\d{3} bytes > 8192$/),
      });
      expect(watcher.awarenessEntries.filter((e) => e.clientId === client.doc.clientID)).toEqual([]);
      watcher.close();
    });

    test("a burst of presence updates is rate-limited, and the last one still arrives", async () => {
      const study = await createStudy(t);
      const name = documentName("rationale", study.item.id);
      const watcher = await rawClient(base, name, await cookieFor(await study.join("panellist")));
      const client = await rawClient(base, name, await cookieFor(await study.join("panellist")));
      for (let clock = 1; clock <= 500; clock++)
        client.sendAwareness({ cursor: caret(clock) }, client.doc.clientID, clock);
      const heard = () => watcher.awarenessEntries.filter((e) => e.clientId === client.doc.clientID);
      await waitFor(() => expect(JSON.parse(heard().at(-1)?.state ?? "{}").cursor?.anchor.item.clock).toBe(500));
      // The burst allowance (40) and what the rate (20/s) refilled meanwhile, not 500.
      expect(heard().length).toBeLessThanOrEqual(DEFAULT_YJS_LIMITS.awarenessBurst + 10);
      expect(client.ws.readyState).toBe(WebSocket.OPEN);
      client.close();
      watcher.close();
    });

    test("a reader (moderator, observer) announces no presence at all", async () => {
      const study = await createStudy(t);
      const name = documentName("rationale", study.item.id);
      const watcher = await rawClient(base, name, await cookieFor(await study.join("panellist")));
      const moderator = await rawClient(base, name, await cookieFor(await study.join("moderator")));
      const observer = await provide(base, name, await cookieFor(await study.join("observer")));
      moderator.sendAwareness({ user: { name: "Moderator" }, cursor: caret(2), message: "rate it 5" });
      observer.provider.awareness.setLocalState({ user: { name: "Observer" }, cursor: caret(3) });
      await sleep(300);
      const seen = watcher.awarenessEntries.map((e) => e.clientId);
      expect(seen).not.toContain(moderator.doc.clientID);
      expect(seen).not.toContain(observer.doc.clientID);
      expect(moderator.ws.readyState).toBe(WebSocket.OPEN); // ignored, not punished: providers send presence anyway
      observer.provider.destroy();
      moderator.close();
      watcher.close();
    });

    test("a user holds at most 8 connections to a document: the 9th upgrade is refused with 429", async () => {
      const study = await createStudy(t);
      const name = documentName("rationale", study.item.id);
      const cookie = await cookieFor(await study.join("panellist"));
      const tabs = [];
      for (let i = 0; i < DEFAULT_YJS_LIMITS.maxConnectionsPerUser; i++) tabs.push(await rawClient(base, name, cookie));
      expect(DEFAULT_YJS_LIMITS.maxConnectionsPerUser).toBe(8);
      expect(await upgradeStatus(`${base}/${name}`, { cookie })).toBe(429);
      // Someone else still gets in, and a tab closed frees its place.
      const other = await rawClient(base, name, await cookieFor(await study.join("panellist")));
      tabs.pop()!.close();
      await waitFor(async () => expect(await upgradeStatus(`${base}/${name}`, { cookie })).toBe("open"));
      [...tabs, other].forEach((c) => c.close());
    });

    test("a document takes at most maxConnectionsPerDocument connections (200 by default), then 429", async () => {
      expect(DEFAULT_YJS_LIMITS.maxConnectionsPerDocument).toBe(200);
      const server = await startYjsServer(t, { limits: { maxConnectionsPerDocument: 3 } });
      try {
        const study = await createStudy(t);
        const name = documentName("rationale", study.item.id);
        const clients = [];
        for (let i = 0; i < 3; i++)
          clients.push(await rawClient(server.base, name, await server.cookie(await study.join("panellist"))));
        const late = await server.cookie(await study.join("observer"));
        expect(await upgradeStatus(`${server.base}/${name}`, { cookie: late })).toBe(429);
        // Another document is not affected.
        const elsewhere = await createStudy(t);
        const there = documentName("rationale", elsewhere.item.id);
        expect(
          await upgradeStatus(`${server.base}/${there}`, {
            cookie: await server.cookie(await elsewhere.join("observer")),
          }),
        ).toBe("open");
        clients.forEach((c) => c.close());
      } finally {
        await server.close();
      }
    });

    /** An update made on a copy of `doc`: what a crafted client sends. */
    const craft = (doc: Y.Doc, change: (copy: Y.Doc) => void) => {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
      const before = Y.encodeStateVector(copy);
      change(copy);
      return Y.encodeStateAsUpdate(copy, before);
    };
    const element = (nodeName: string, attrs: Record<string, unknown> = {}, text = "text") => {
      const el = new Y.XmlElement(nodeName);
      for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, value as string);
      el.insert(0, [new Y.XmlText(text)]);
      return el;
    };
    const append =
      (...nodes: (Y.XmlElement | Y.XmlText)[]) =>
      (copy: Y.Doc) => {
        const fragment = copy.getXmlFragment(RATIONALE_FIELD);
        fragment.insert(fragment.length, nodes);
      };

    const crafted: [string, (copy: Y.Doc) => void, RegExp][] = [
      ["an unknown node", append(element("script")), /unknown node "script"/],
      ["an unknown attribute", append(element("paragraph", { onclick: "alert(1)" })), /no attribute "onclick"/],
      ["a bad attribute value", append(element("heading", { level: 99 })), /attribute "level" has an invalid value/],
      [
        "an unknown mark",
        (copy) => {
          const text = new Y.XmlText();
          text.insert(0, "marked", { blink: true });
          const paragraph = new Y.XmlElement("paragraph");
          paragraph.insert(0, [text]);
          append(paragraph)(copy);
        },
        /unknown mark "blink"/,
      ],
      ["text outside a block", append(new Y.XmlText("loose")), /text outside a block/],
      ["another shared type", (copy) => copy.getMap("evil").set("x", 1), /unknown shared type "evil"/],
      ["a block where text belongs", append(element("paragraph", {}, ""), element("bulletList", {}, "no items")), /./],
    ];

    test.each(crafted)(
      "an update adding %s is refused with 4400, neither stored nor relayed; readers keep a valid live view",
      async (_what, change, reason) => {
        const study = await createStudy(t);
        const name = documentName("rationale", study.item.id);
        const writer = await rawClient(base, name, await cookieFor(await study.join("panellist")));
        addParagraph(writer.doc, "Kept");
        await waitFor(async () => expect(await storedText(t, name)).toBe("Kept"));
        const moderator = await rawClient(base, name, await cookieFor(await study.join("moderator")));
        const attacker = await rawClient(base, name, await cookieFor(await study.join("panellist")));

        attacker.sendUpdate(craft(attacker.doc, change));
        const closed = await Promise.race([attacker.closed, sleep(3_000).then(() => ({ code: 0, reason: "open" }))]);
        expect(closed.code).toBe(4400);
        expect(closed.reason).toMatch(reason);
        await sleep(100);
        expect(await storedText(t, name)).toBe("Kept");
        expect(documentProblem(moderator.doc)).toBeNull();
        expect(documentProblem(writer.doc)).toBeNull();

        // A reader connecting now gets a document its editor builds without "repairing" it (a repair is a write,
        // which would close it as read-only): y-prosemirror deletes what the schema cannot build.
        const observer = await rawClient(base, name, await cookieFor(await study.join("observer")));
        const before = Y.encodeStateVector(observer.doc);
        yXmlFragmentToProseMirrorRootNode(observer.doc.getXmlFragment(RATIONALE_FIELD), editorSchema);
        expect(Y.encodeStateVector(observer.doc)).toEqual(before);
        await sleep(100);
        expect(observer.ws.readyState).toBe(WebSocket.OPEN);
        expect(moderator.ws.readyState).toBe(WebSocket.OPEN);
        expect(plainText(observer.doc)).toBe("Kept");
        [writer, moderator, observer].forEach((c) => c.close());
      },
      60_000, // four sign-ins (scrypt) and four connections: slow on a loaded machine
    );

    test("a crafted update as the very first message of a client (no sync step 2 before it) is refused too", async () => {
      const study = await createStudy(t);
      const name = documentName("rationale", study.item.id);
      const moderator = await rawClient(base, name, await cookieFor(await study.join("moderator")));
      const ws = new WebSocket(`${base}/${name}`, {
        headers: { cookie: await cookieFor(await study.join("panellist")) },
      });
      const closed = new Promise<{ code: number; reason: string }>((resolve) =>
        ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
      );
      await new Promise((resolve) => ws.once("open", resolve));
      const message = encoding.createEncoder();
      encoding.writeVarUint(message, 0);
      syncProtocol.writeUpdate(message, craft(new Y.Doc(), append(element("iframe", {}, "first"))));
      ws.send(encoding.toUint8Array(message));
      const outcome = await Promise.race([closed, sleep(3_000).then(() => ({ code: 0, reason: "open" }))]);
      expect(outcome).toEqual({ code: 4400, reason: 'invalid update: unknown node "iframe"' });
      await sleep(100);
      expect(moderator.doc.getXmlFragment(RATIONALE_FIELD).length).toBe(0);
      expect(await t.db.yUpdate.count({ where: { docName: name } })).toBe(0);
      moderator.close();
    });

    test("what the editor writes passes: headings, lists, marks, code, quotes", async () => {
      const study = await createStudy(t);
      const name = documentName("rationale", study.item.id);
      const writer = await rawClient(base, name, await cookieFor(await study.join("panellist")));
      const reader = await rawClient(base, name, await cookieFor(await study.join("observer")));
      const content = {
        type: "doc",
        content: [
          { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Why" }] },
          {
            type: "paragraph",
            content: [
              { type: "text", text: "Funding ", marks: [{ type: "bold" }] },
              { type: "text", text: "matters", marks: [{ type: "italic" }, { type: "strike" }] },
              { type: "hardBreak" },
              { type: "text", text: "code", marks: [{ type: "code" }] },
            ],
          },
          {
            type: "orderedList",
            attrs: { start: 3, type: null },
            content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "one" }] }] }],
          },
          { type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph" }] }] },
          { type: "blockquote", content: [{ type: "paragraph", content: [{ type: "text", text: "quoted" }] }] },
          { type: "codeBlock", attrs: { language: "ts" }, content: [{ type: "text", text: "x = 1" }] },
          { type: "horizontalRule" },
        ],
      };
      prosemirrorJSONToYXmlFragment(editorSchema, content, writer.doc.getXmlFragment(RATIONALE_FIELD));
      await waitFor(() => expect(plainText(reader.doc)).toContain("quoted"));
      await waitFor(async () => expect(await storedText(t, name)).toBe(plainText(writer.doc)));
      expect(writer.ws.readyState).toBe(WebSocket.OPEN);
      writer.close();
      reader.close();
    });
  });
});
