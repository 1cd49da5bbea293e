// The y-websocket protocol (sync + awareness) under /yjs/<document>, on the app's own port.
// Upgrades are authenticated with the session cookie and authorised per document; a document is loaded from
// the database on first use, every applied update is stored, and it leaves memory when its last client does.
// With Redis (several instances), each copy of a document relays its clients' updates and presence to the
// copies on other instances, and stores only the updates its own clients made (server/realtime/yjs-relay.ts).
// Each connection follows its session: a logout, an expiry or a lost membership closes it (`refreshAccess`,
// `checkSessions`). Updates are checked against the editor's schema (yjs-schema.ts), presence is whitelisted
// (yjs-awareness.ts), connections and presence rates are capped (yjs-limits.ts).
import type { IncomingMessage, Server as HttpServer } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import * as awarenessProtocol from "y-protocols/awareness";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import type { Auth } from "../auth.js";
import type { Db } from "../db/client.js";
import type { SessionUser } from "../../app/models/user.server.js";
import { authorizeDocument, type DocumentAccess } from "../../app/models/collaboration.server.js";
import { DocumentWriter, loadDocument, PERSISTENCE_ORIGIN } from "./yjs-persistence.js";
import { rewriteAwarenessUpdate } from "./yjs-awareness.js";
import { CLOSE_TOO_MANY, connectionRefusal, PresenceRate } from "./yjs-limits.js";
import { UpdateValidator } from "./yjs-schema.js";
import type { RedisLink } from "./redis.js";
import { createYjsRelay, type RelayMessage, type YjsRelay } from "./yjs-relay.js";

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const DOC_NAME = /^[A-Za-z0-9:._-]{1,200}$/;
const PING_INTERVAL_MS = 30_000;
const UNLOAD_RETRY_MS = 5_000;

/** Close codes a client editor should treat as final (stop reconnecting, show the document read-only). */
export const CLOSE_FORBIDDEN = 4403;
export const CLOSE_TOO_LARGE = 1009;
/** An update the editor's schema cannot represent: refused, neither stored nor relayed. */
export const CLOSE_INVALID = 4400;
/** The connection's session ended (logout, expiry): the client must sign in again. */
export const CLOSE_SESSION_ENDED = 4401;
export { CLOSE_TOO_MANY };

export interface YjsLimits {
  /** Largest single update (or sync step 2) a client may send. */
  maxUpdateBytes: number;
  /** Largest encoded document state an update may produce. */
  maxDocumentBytes: number;
  /**
   * Stored updates folded into the snapshot once there are this many. Loading applies at most this many small
   * updates after the snapshot (a few milliseconds); compacting rewrites the whole document, so not too often.
   */
  compactEvery: number;
  /**
   * Updates arriving within this many milliseconds of each other are stored in one transaction. The clients
   * keep every update too and send what the server lacks when they reconnect, so a crash inside this window
   * loses nothing a client still has open.
   */
  storeBatchMs: number;
  /**
   * A writer's access is checked again before a write once it is this old. A safety net only: every change of
   * access (a round opening, closing, being published) re-checks the live connections at once, on every
   * instance (`refreshAccess`); this bounds how long a missed notification could leave a writer writing.
   */
  accessTtlMs: number;
  /** Open connections of one user to one document (per instance); more are refused with HTTP 429. */
  maxConnectionsPerUser: number;
  /** Open connections to one document (per instance). */
  maxConnectionsPerDocument: number;
  /** Presence messages a connection may send per second (sustained) and in a burst; the rest is coalesced. */
  awarenessPerSecond: number;
  awarenessBurst: number;
  /** Largest awareness message; a larger one closes the connection (1009). */
  maxAwarenessBytes: number;
  /**
   * Every connection's session is checked this often (one query for all of them): an expired or deleted
   * session closes its connections even when no logout was reported and the client only reads.
   */
  sessionCheckMs: number;
}

export const DEFAULT_YJS_LIMITS: YjsLimits = {
  maxUpdateBytes: 256 * 1024,
  maxDocumentBytes: 2 * 1024 * 1024,
  compactEvery: 500,
  storeBatchMs: 100,
  accessTtlMs: 60_000,
  maxConnectionsPerUser: 8,
  maxConnectionsPerDocument: 200,
  awarenessPerSecond: 20,
  awarenessBurst: 40,
  maxAwarenessBytes: 8 * 1024,
  sessionCheckMs: 60_000,
};

/** Transaction origin of updates relayed from another instance: shown to local clients, stored by their sender. */
export const REMOTE_ORIGIN = Symbol("yjs-remote");

export type AuthorizeDocument = (db: Db, user: SessionUser, docName: string) => Promise<DocumentAccess | null>;

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

class Connection {
  /** Messages are handled one at a time, in order, even when one waits for an access check. */
  inbox: Promise<void> = Promise.resolve();
  /** The awareness client ids this connection controls, to clear them when it leaves. */
  readonly awarenessIds = new Set<number>();
  /** When the access check whose result `access` holds started. */
  checkedAt = Date.now();
  /** Sequence number of that check: an older check finishing later must not overwrite a newer result. */
  checkSeq = 0;
  /** A check started ahead of a write is under way. */
  prechecking = false;
  /** Closed by the server for a violation: later messages already received are ignored. */
  refused = false;

  readonly presence: PresenceRate;

  constructor(
    readonly ws: WebSocket,
    readonly user: SessionUser,
    /** `Auth.sessionKey` of the session that opened it. */
    readonly sessionKey: string,
    public access: DocumentAccess,
    limits: YjsLimits,
  ) {
    this.presence = new PresenceRate(limits.awarenessPerSecond, limits.awarenessBurst);
  }

  send(message: Uint8Array) {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(message, (err) => err && this.ws.close());
  }

  refuse(code: number, reason: string) {
    this.refused = true;
    this.ws.close(code, reason);
  }
}

class SharedDoc extends Y.Doc {
  readonly awareness = new awarenessProtocol.Awareness(this);
  readonly conns = new Set<Connection>();
  ready!: Promise<void>;
  writer!: DocumentWriter;
  /** Tries clients' updates on a copy first: what the editor's schema cannot represent never gets in. */
  readonly validator = new UpdateValidator(this);
  /** Upper bound of the encoded state size: exact at load, plus the size of each update since. */
  size = 0;
  unloaded = false;
  /** Awareness client ids of people connected to other instances: no local connection may control them. */
  readonly remoteAwarenessIds = new Set<number>();
  /** Updates relayed by other instances were applied: compact on unload even if no local client wrote. */
  receivedRemote = false;
  /** Handles this document's messages from other instances (the same function joins and leaves the channel). */
  readonly fromRelay = (message: RelayMessage) => this.relayed(message);

  constructor(
    readonly name: string,
    private readonly relay: YjsRelay | undefined,
    private readonly log: (message: string, error?: unknown) => void,
  ) {
    super({ gc: true });
    this.awareness.setLocalState(null);
    this.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === PERSISTENCE_ORIGIN) return;
      // A client's update was tried on the validator's copy already; the others were not.
      if (!(origin instanceof Connection)) this.validator.mirror(update);
      this.size += update.length;
      // A relayed update was stored by the instance whose client made it: storing it here too would
      // duplicate it. Local clients' updates are relayed at once, not after storing: a copy loading
      // elsewhere meanwhile asks for what it lacks (sync-request), so nothing in flight is missed.
      // Sent to this instance's clients first: storing and relaying can wait, the people typing cannot.
      this.broadcast(syncMessage((encoder) => syncProtocol.writeUpdate(encoder, update)));
      if (origin === REMOTE_ORIGIN) this.receivedRemote = true;
      else {
        this.writer.store(update);
        this.relay?.publish(this.name, { kind: "update", update });
      }
    });
    this.awareness.on("update", ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
      if (origin instanceof Connection) {
        added!.forEach((id) => origin.awarenessIds.add(id));
        removed!.forEach((id) => origin.awarenessIds.delete(id));
      }
      if (origin === REMOTE_ORIGIN) [...added!, ...updated!].forEach((id) => this.remoteAwarenessIds.add(id));
      removed!.forEach((id) => this.remoteAwarenessIds.delete(id));
      const changed = [...added!, ...updated!, ...removed!];
      this.broadcast(awarenessMessage(this.awareness, changed));
      // Every instance times out stale presence itself; relaying a timeout could hide a live client's renewal.
      if (origin !== REMOTE_ORIGIN && origin !== "timeout")
        this.relay?.publish(this.name, {
          kind: "awareness",
          update: awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed),
        });
    });
  }

  private relayed(message: RelayMessage) {
    if (this.unloaded) return;
    try {
      if (message.kind === "update") Y.applyUpdate(this, message.update, REMOTE_ORIGIN);
      else if (message.kind === "awareness")
        awarenessProtocol.applyAwarenessUpdate(this.awareness, message.update, REMOTE_ORIGIN);
      else
        void this.ready.then(
          () => this.answerSyncRequest(message.stateVector),
          () => {},
        );
    } catch (error) {
      this.log(`could not apply a relayed ${message.kind} of ${this.name}`, error);
    }
  }

  /** Another instance loaded this document: send it what it lacks, and who is here. */
  private answerSyncRequest(stateVector: Uint8Array) {
    if (this.unloaded || !this.relay) return;
    const update = Y.encodeStateAsUpdate(this, stateVector);
    // Two bytes: no structs and an empty delete set, nothing to send.
    if (update.length > 2) this.relay.publish(this.name, { kind: "update", update });
    const states = this.awareness.getStates();
    const local = [...this.conns].flatMap((conn) => [...conn.awarenessIds]).filter((id) => states.has(id));
    if (local.length)
      this.relay.publish(this.name, {
        kind: "awareness",
        update: awarenessProtocol.encodeAwarenessUpdate(this.awareness, local),
      });
  }

  /** Asks the copies on other instances for what this one lacks. */
  requestSync() {
    this.relay?.publish(this.name, { kind: "sync-request", stateVector: Y.encodeStateVector(this) });
  }

  broadcast(message: Uint8Array) {
    for (const conn of this.conns) conn.send(message);
  }
}

function syncMessage(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

function refuseUpgrade(socket: Duplex, status: number, reason: string) {
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${reason.length}\r\n\r\n${reason}`,
  );
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
      // Updates the other copies applied but have not stored yet are in neither: ask for them.
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

  let checks = 0;
  /**
   * Checks the connection's session, then asks `authorize` again; false when the connection was closed because
   * the session ended or access is gone.
   */
  const recheck = async (conn: Connection, doc: SharedDoc): Promise<boolean> => {
    const seq = ++checks;
    const startedAt = Date.now();
    let access: DocumentAccess | null;
    try {
      if (!(await auth.liveSessionKeys([conn.sessionKey])).has(conn.sessionKey)) {
        conn.refuse(CLOSE_SESSION_ENDED, "session ended");
        return false;
      }
      access = await authorize(db, conn.user, doc.name);
    } catch (error) {
      log(`could not check access to ${doc.name}`, error);
      conn.refuse(1011, "access check failed");
      return false;
    }
    // A check started later (refreshAccess after a round closed) already decided: this one read older state.
    if (seq < conn.checkSeq) return !conn.refused;
    conn.checkSeq = seq;
    conn.checkedAt = startedAt;
    if (!access) {
      conn.refuse(CLOSE_FORBIDDEN, "forbidden");
      return false;
    }
    // Readers announce no presence (see receive): a writer that became one is no longer shown either.
    if (access.access !== "write" && conn.awarenessIds.size)
      awarenessProtocol.removeAwarenessStates(doc.awareness, [...conn.awarenessIds], null);
    conn.access = access;
    return true;
  };

  /** Why an update from `conn` must not be applied: null to apply it, "no-op" when it changes nothing. */
  const checkWrite = async (
    conn: Connection,
    doc: SharedDoc,
    update: Uint8Array,
  ): Promise<null | "no-op" | { code: number; reason: string }> => {
    if (conn.access.access === "write") {
      const age = Date.now() - conn.checkedAt;
      if (age > limits.accessTtlMs) {
        if (!(await recheck(conn, doc))) return "no-op";
      } else if (age > limits.accessTtlMs / 2 && !conn.prechecking) {
        // Checked again ahead of time, off the message path: a steady writer never waits for the check.
        conn.prechecking = true;
        void recheck(conn, doc).finally(() => (conn.prechecking = false));
      }
    }
    if (conn.access.access !== "write") {
      // A reader's provider answers our sync step 1 with a step 2 too; only new content is a write attempt.
      if (Y.snapshotContainsUpdate(Y.snapshot(doc), update)) return "no-op";
      return { code: CLOSE_FORBIDDEN, reason: "read-only" };
    }
    if (update.length > limits.maxUpdateBytes)
      return { code: CLOSE_TOO_LARGE, reason: `update too large: ${update.length} bytes > ${limits.maxUpdateBytes}` };
    if (doc.size + update.length > limits.maxDocumentBytes) {
      doc.size = Y.encodeStateAsUpdate(doc).length;
      if (doc.size + update.length > limits.maxDocumentBytes)
        return {
          code: CLOSE_TOO_LARGE,
          reason: `document too large: ${doc.size + update.length} bytes > ${limits.maxDocumentBytes}`,
        };
    }
    // Last, as the dearest check: only a writer's update of acceptable size gets here.
    const problem = doc.validator.check(update);
    if (problem) return { code: CLOSE_INVALID, reason: `invalid update: ${problem}`.slice(0, 120) };
    return null;
  };

  const receiveSync = async (conn: Connection, doc: SharedDoc, decoder: decoding.Decoder) => {
    const kind = decoding.readVarUint(decoder);
    if (kind === syncProtocol.messageYjsSyncStep1) {
      // Readers get the document too: answering step 1 is how a client reads.
      conn.send(syncMessage((encoder) => syncProtocol.readSyncStep1(decoder, encoder, doc)));
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
