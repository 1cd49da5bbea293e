// The y-websocket protocol (sync + awareness) under /yjs/<document>, on the app's own port.
// Upgrades are authenticated with the session cookie and authorised per document; a document is loaded from
// the database on first use, every applied update is stored, and it leaves memory when its last client does.
// With Redis (several instances), each copy of a document relays its clients' updates and presence to the
// copies on other instances, and stores only the updates its own clients made (server/realtime/yjs-relay.ts).
// This module is the core (upgrade, documents in and out of memory, message dispatch); its parts, Hocuspocus
// style: who may stay connected (yjs-auth.ts: session and document access, re-checked by `refreshAccess` and
// `checkSessions`), a document and its connections (yjs-document.ts), the wire format (yjs-protocol.ts),
// limits (yjs-limits.ts), the editor's schema (yjs-schema.ts), presence (yjs-awareness.ts), storage
// (yjs-persistence.ts) and the Redis relay (yjs-relay.ts).
import type { IncomingMessage, Server as HttpServer } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import * as awarenessProtocol from "y-protocols/awareness";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type { Auth } from "../auth.js";
import type { Db } from "../db/client.js";
import type { SessionUser } from "../../app/models/user.server.js";
import { authorizeDocument, type DocumentAccess } from "../../app/models/collaboration.server.js";
import { DocumentWriter, loadDocument } from "./yjs-persistence.js";
import { rewriteAwarenessUpdate } from "./yjs-awareness.js";
import { connectionRefusal, DEFAULT_YJS_LIMITS, sizeRefusal, type YjsLimits } from "./yjs-limits.js";
import {
  awarenessMessage,
  CLOSE_FORBIDDEN,
  CLOSE_INVALID,
  CLOSE_SESSION_ENDED,
  CLOSE_TOO_LARGE,
  MESSAGE_AWARENESS,
  MESSAGE_SYNC,
  refuseUpgrade,
  syncMessage,
} from "./yjs-protocol.js";
import { Connection, SharedDoc } from "./yjs-document.js";
import { integratedState } from "./yjs-schema.js";
import { createAccessGuard, type AuthorizeDocument } from "./yjs-auth.js";
import type { RedisLink } from "./redis.js";
import { createYjsRelay } from "./yjs-relay.js";

export {
  CLOSE_FORBIDDEN,
  CLOSE_INVALID,
  CLOSE_SESSION_ENDED,
  CLOSE_TOO_LARGE,
  CLOSE_TOO_MANY,
} from "./yjs-protocol.js";
export { DEFAULT_YJS_LIMITS, type YjsLimits } from "./yjs-limits.js";
export { REMOTE_ORIGIN } from "./yjs-document.js";

const DOC_NAME = /^[A-Za-z0-9:._-]{1,200}$/;
const PING_INTERVAL_MS = 30_000;
const UNLOAD_RETRY_MS = 5_000;

export type { AuthorizeDocument } from "./yjs-auth.js";

export interface YjsOptions {
  db: Db;
  authorize?: AuthorizeDocument;
  limits?: Partial<YjsLimits>;
  log?: (message: string, error?: unknown) => void;
  /** Multi-instance mode: relay documents to the other instances through this Redis connection. */
  redis?: RedisLink;
}

/** Which live connections `refreshAccess` checks again; all of them when empty. */
export interface AccessScope {
  roundId?: string;
  consultationId?: string;
  docName?: string;
  userId?: string;
  /** `Auth.sessionKey` of a session: its connections. */
  sessionKey?: string;
}

export interface YjsServer {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /**
   * Checks the access of matching live connections again, now: call it after a round changes status. A writer
   * that became a reader is refused (4403) at its next write; one that lost access is closed. Resolves once
   * every update applied before the change is stored, so `snapshotRoundDocuments` sees the final state — on
   * every instance: with Redis, the other instances re-check their connections too and confirm. Each re-check
   * validates the connection's session too: one that ended is closed (4401).
   */
  refreshAccess(scope?: AccessScope): Promise<void>;
  /** Closes this instance's connections whose session expired or was deleted (also run every sessionCheckMs). */
  checkSessions(): Promise<void>;
  /** Closes every connection and resolves once every document is stored. */
  close(): Promise<void>;
  documentCount(): number;
}

export function attachYjs(_httpServer: HttpServer, auth: Auth, options: YjsOptions): YjsServer {
  const {
    db,
    authorize = authorizeDocument,
    log = (message, error) => console.error(`yjs: ${message}`, error ?? ""),
  } = options;
  const limits = { ...DEFAULT_YJS_LIMITS, ...options.limits };
  const relay = options.redis ? createYjsRelay(options.redis, { log }) : undefined;
  // Larger frames cannot fit any document: ws drops them (1009) before they are buffered whole.
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxDocumentBytes + 64 * 1024 });
  const docs = new Map<string, SharedDoc>();
  /** Documents leaving memory, until their last writes are stored: a new copy loads only after that. */
  const leaving = new Map<string, Promise<void>>();
  let closing = false;

  const openDoc = (name: string): SharedDoc => {
    const existing = docs.get(name);
    if (existing) return existing;
    const doc = new SharedDoc(name, relay, log);
    docs.set(name, doc);
    doc.ready = (leaving.get(name) ?? Promise.resolve()).then(async () => {
      // Listening before reading: an update another instance stores while this loads is either read from the
      // database or received on the channel (both is harmless: applying an update twice changes nothing).
      await relay?.join(name, doc.fromRelay);
      const loaded = await loadDocument(db, name, doc);
      doc.writer = new DocumentWriter(db, name, doc, loaded, limits.compactEvery, log, limits.storeBatchMs);
      doc.size = Y.encodeStateAsUpdate(doc).length;
      // Updates the other copies applied but have not stored yet are in neither: ask for them. Until they
      // arrive, relayed updates that build on them stay pending, and are kept from clients (`integratedState`).
      doc.requestSync();
    });
    doc.ready.catch((error) => {
      log(`could not load ${name}`, error);
      void relay?.leave(name, doc.fromRelay).catch(() => {});
      for (const conn of doc.conns) conn.refuse(1011, "document unavailable");
      docs.delete(name);
      doc.unloaded = true;
      doc.destroy();
    });
    return doc;
  };

  /** Stores the document and drops it from memory, unless someone joined meanwhile. */
  const unload = async (doc: SharedDoc, force = false): Promise<void> => {
    if (doc.unloaded) return;
    try {
      await doc.ready;
    } catch {
      return; // dropped by the load failure handler
    }
    await doc.writer.compact(doc.receivedRemote);
    if (doc.unloaded || (!force && doc.conns.size > 0)) return;
    if (!doc.writer.saved) {
      if (!force) {
        // Keeping the document in memory is the only copy of what could not be stored: try again later.
        setTimeout(() => void unload(doc), UNLOAD_RETRY_MS).unref();
        return;
      }
      log(`${doc.name}: changes could not be stored before shutdown`);
    }
    doc.unloaded = true;
    if (docs.get(doc.name) === doc) docs.delete(doc.name);
    void relay?.leave(doc.name, doc.fromRelay).catch((error) => log(`could not leave ${doc.name}'s channel`, error));
    // Updates applied while the snapshot was being written are stored as rows; wait for them too.
    const flushed = doc.writer.flush();
    leaving.set(doc.name, flushed);
    await flushed;
    if (leaving.get(doc.name) === flushed) leaving.delete(doc.name);
    doc.validator.destroy();
    doc.destroy();
  };

  const { recheck, writerStillWrites } = createAccessGuard({
    db,
    auth,
    authorize,
    accessTtlMs: limits.accessTtlMs,
    log,
  });

  /** Why an update from `conn` must not be applied: null to apply it, "no-op" when it changes nothing. */
  const checkWrite = async (
    conn: Connection,
    doc: SharedDoc,
    update: Uint8Array,
  ): Promise<null | "no-op" | { code: number; reason: string }> => {
    if (conn.access.access === "write" && !(await writerStillWrites(conn, doc))) return "no-op";
    if (conn.access.access !== "write") {
      // A reader's provider answers our sync step 1 with a step 2 too; only new content is a write attempt.
      if (Y.snapshotContainsUpdate(Y.snapshot(doc), update)) return "no-op";
      return { code: CLOSE_FORBIDDEN, reason: "read-only" };
    }
    const tooLarge = sizeRefusal(doc, update, limits);
    if (tooLarge) return tooLarge;
    // Last, as the dearest check: only a writer's update of acceptable size gets here.
    const problem = doc.validator.check(update);
    if (problem) return { code: CLOSE_INVALID, reason: `invalid update: ${problem}` };
    return null;
  };

  const receiveSync = async (conn: Connection, doc: SharedDoc, decoder: decoding.Decoder) => {
    const kind = decoding.readVarUint(decoder);
    if (kind === syncProtocol.messageYjsSyncStep1) {
      // Readers get the document too: answering step 1 is how a client reads. Only what is integrated: see
      // `integratedState`.
      const state = integratedState(doc, decoding.readVarUint8Array(decoder));
      conn.send(
        syncMessage((encoder) => {
          encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
          encoding.writeVarUint8Array(encoder, state);
        }),
      );
      return;
    }
    if (kind !== syncProtocol.messageYjsSyncStep2 && kind !== syncProtocol.messageYjsUpdate)
      throw new Error(`unknown sync message ${kind}`);
    const update = decoding.readVarUint8Array(decoder);
    const refusal = await checkWrite(conn, doc, update);
    if (refusal === "no-op" || conn.refused) return;
    if (refusal) return conn.refuse(refusal.code, refusal.reason);
    Y.applyUpdate(doc, update, conn);
  };

  /** Most client ids one connection may announce presence for (a provider uses one; a reconnect may add one). */
  const MAX_PRESENCE_IDS = 4;

  const receiveAwareness = (conn: Connection, doc: SharedDoc, message: Uint8Array) => {
    if (message.length > limits.maxAwarenessBytes) {
      conn.refuse(CLOSE_TOO_LARGE, `awareness too large: ${message.length} bytes > ${limits.maxAwarenessBytes}`);
      return;
    }
    // Readers (moderators and observers on the panel's rationale, observers on the wording) announce nothing:
    // presence is a channel too, and those who must not steer the text must not signal in it either.
    if (conn.access.access !== "write") return;
    const update = rewriteAwarenessUpdate(
      message,
      { name: conn.access.displayName, colour: conn.access.colour },
      (id) =>
        id !== doc.awareness.clientID &&
        !doc.remoteAwarenessIds.has(id) &&
        (conn.awarenessIds.has(id) || conn.awarenessIds.size < MAX_PRESENCE_IDS) &&
        ![...doc.conns].some((c) => c !== conn && c.awarenessIds.has(id)),
    );
    conn.presence.submit(() => {
      if (conn.refused || doc.unloaded || !doc.conns.has(conn) || conn.access.access !== "write") return;
      awarenessProtocol.applyAwarenessUpdate(doc.awareness, update, conn);
    });
  };

  const receive = async (conn: Connection, doc: SharedDoc, data: RawData) => {
    if (conn.refused || doc.unloaded) return;
    try {
      const bytes =
        data instanceof Buffer ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      const decoder = decoding.createDecoder(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      const type = decoding.readVarUint(decoder);
      if (type === MESSAGE_SYNC) await receiveSync(conn, doc, decoder);
      else if (type === MESSAGE_AWARENESS) receiveAwareness(conn, doc, decoding.readVarUint8Array(decoder));
    } catch {
      conn.refuse(1003, "malformed message");
    }
  };

  const greet = (conn: Connection, doc: SharedDoc) => {
    conn.send(syncMessage((encoder) => syncProtocol.writeSyncStep1(encoder, doc)));
    const present = [...doc.awareness.getStates().keys()];
    if (present.length > 0) conn.send(awarenessMessage(doc.awareness, present));
  };

  const connect = (ws: WebSocket, user: SessionUser, sessionKey: string, access: DocumentAccess, doc: SharedDoc) => {
    const conn = new Connection(ws, user, sessionKey, access, limits);
    doc.conns.add(conn);
    conn.inbox = doc.ready.then(
      () => greet(conn, doc),
      () => {},
    );

    let alive = true;
    ws.on("pong", () => (alive = true));
    const ping = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, PING_INTERVAL_MS);

    ws.on("message", (data: RawData) => {
      conn.inbox = conn.inbox.then(() => receive(conn, doc, data));
    });
    ws.on("close", () => {
      clearInterval(ping);
      conn.presence.stop();
      // What the client sent before leaving is still applied (and stored) before the document may unload.
      void conn.inbox.then(() => {
        if (!doc.conns.delete(conn) || doc.unloaded) return;
        if (conn.awarenessIds.size)
          awarenessProtocol.removeAwarenessStates(doc.awareness, [...conn.awarenessIds], null);
        if (doc.conns.size === 0) return unload(doc);
      });
    });
  };

  /** Checks the access of this instance's matching connections again (see `YjsServer.refreshAccess`). */
  const refreshLocal = async (scope: AccessScope = {}) => {
    const matches = (doc: SharedDoc, access: DocumentAccess) =>
      (scope.roundId === undefined || access.roundId === scope.roundId) &&
      (scope.consultationId === undefined || access.consultationId === scope.consultationId) &&
      (scope.docName === undefined || doc.name === scope.docName);
    const checks: Promise<unknown>[] = [];
    const affected = new Set<SharedDoc>();
    for (const doc of docs.values())
      for (const conn of doc.conns) {
        if (!matches(doc, conn.access)) continue;
        if (scope.userId !== undefined && conn.user.id !== scope.userId) continue;
        if (scope.sessionKey !== undefined && conn.sessionKey !== scope.sessionKey) continue;
        affected.add(doc);
        // Queued behind the messages already received: those were sent before the change.
        conn.inbox = conn.inbox.then(async () => {
          if (!conn.refused) await recheck(conn, doc);
        });
        checks.push(conn.inbox);
      }
    await Promise.all(checks);
    await Promise.all([...affected].map((doc) => doc.ready.then(() => doc.writer.flush()).catch(() => {})));
  };
  relay?.onRefresh(refreshLocal);

  const checkSessions = async () => {
    const open = [...docs.values()].flatMap((doc) => [...doc.conns]);
    if (open.length === 0) return;
    const live = await auth.liveSessionKeys(open.map((conn) => conn.sessionKey));
    for (const conn of open)
      if (!live.has(conn.sessionKey) && !conn.refused) conn.refuse(CLOSE_SESSION_ENDED, "session ended");
  };
  const sessionTimer = setInterval(
    () => void checkSessions().catch((error) => log("could not check the sessions of live connections", error)),
    limits.sessionCheckMs,
  );
  sessionTimer.unref();
  // Messages published while the subscriber was disconnected are lost: catch up on every open document, and
  // check every connection's access again (a round may have closed on another instance meanwhile).
  relay?.onReconnect(() => {
    void refreshLocal().catch((error) => log("could not check access again after a Redis outage", error));
    for (const doc of docs.values())
      doc.ready.then(
        () => doc.requestSync(),
        () => {},
      );
  });

  return {
    handleUpgrade(req, socket, head) {
      let name = "";
      try {
        name = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname.slice("/yjs/".length));
      } catch {
        // malformed escape: refused below
      }
      if (!DOC_NAME.test(name)) return refuseUpgrade(socket, 400, "Bad Request");
      void (async () => {
        let user: SessionUser;
        let sessionKey: string;
        let access: DocumentAccess | null;
        try {
          const who = await auth.authenticate(req.headers.cookie);
          if (!who) return refuseUpgrade(socket, 401, "Unauthorized");
          user = who.user;
          sessionKey = auth.sessionKey(who.session.id);
          access = await authorize(db, user, name);
        } catch (error) {
          log(`could not authorise an upgrade to ${name}`, error);
          return refuseUpgrade(socket, 503, "Service Unavailable");
        }
        // Unknown and forbidden documents look the same, so names cannot be probed.
        if (!access) return refuseUpgrade(socket, 403, "Forbidden");
        if (closing) return refuseUpgrade(socket, 503, "Service Unavailable");
        // Counted and joined in one tick (ws completes an upgrade synchronously): parallel upgrades cannot
        // all slip under the cap.
        const refusal = connectionRefusal(docs.get(name)?.conns ?? [], user.id, {
          perUserPerDocument: limits.maxConnectionsPerUser,
          perDocument: limits.maxConnectionsPerDocument,
        });
        if (refusal) return refuseUpgrade(socket, 429, `Too Many Connections: ${refusal}`);
        wss.handleUpgrade(req, socket, head, (ws) => connect(ws, user, sessionKey, access, openDoc(name)));
      })();
    },

    async refreshAccess(scope = {}) {
      await Promise.all([refreshLocal(scope), relay?.refreshElsewhere(scope)]);
    },

    async close() {
      closing = true;
      clearInterval(sessionTimer);
      const open = [...docs.values()];
      const inboxes = open.flatMap((doc) => [...doc.conns].map((conn) => conn.inbox));
      for (const doc of open) for (const conn of doc.conns) conn.ws.close(1001, "server shutting down");
      // Not waiting for the clients' close handshakes: everything they sent is in the inboxes.
      await Promise.all(inboxes);
      await Promise.all(open.map((doc) => unload(doc, true)));
      await relay?.close();
      wss.close();
    },

    checkSessions,

    documentCount: () => docs.size,
  };
}

export function isYjsPath(url: string | undefined): boolean {
  return (url ?? "").startsWith("/yjs/");
}
