// One live document in memory and the connections to it: the Yjs document with its presence, what it
// broadcasts to local clients, stores and relays to other instances, and the per-connection state the server
// keeps (session, access, presence rate, the message queue).
import type { WebSocket } from "ws";
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import * as awarenessProtocol from "y-protocols/awareness";
import type { SessionUser } from "../../app/models/user.server.js";
import type { DocumentAccess } from "../../app/models/collaboration.server.js";
import { DocumentWriter, PERSISTENCE_ORIGIN } from "./yjs-persistence.js";
import { PresenceRate, type YjsLimits } from "./yjs-limits.js";
import { awarenessMessage, syncMessage } from "./yjs-protocol.js";
import { UpdateValidator } from "./yjs-schema.js";
import type { RelayMessage, YjsRelay } from "./yjs-relay.js";

/** Transaction origin of updates relayed from another instance: shown to local clients, stored by their sender. */
export const REMOTE_ORIGIN = Symbol("yjs-remote");

export class Connection {
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
    // A close reason holds at most 123 bytes; a longer one (it may quote a client's input) would throw.
    let fitting = reason;
    while (Buffer.byteLength(fitting) > 123) fitting = fitting.slice(0, -1);
    this.ws.close(code, fitting);
  }
}

export class SharedDoc extends Y.Doc {
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
