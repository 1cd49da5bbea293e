// How much one client may take of a live document: the limits and their defaults, connections per person and
// per document, how often it may announce its presence, and how large its updates may be.
import * as Y from "yjs";
import { CLOSE_TOO_LARGE } from "./yjs-protocol.js";

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

/** Why an update is too large for its document (1009), or null. `doc.size` is refreshed when it is near. */
export function sizeRefusal(
  doc: Y.Doc & { size: number },
  update: Uint8Array,
  limits: Pick<YjsLimits, "maxUpdateBytes" | "maxDocumentBytes">,
): { code: number; reason: string } | null {
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
  return null;
}

export interface ConnectionCaps {
  /** Open connections one user may hold to one document (tabs, devices) on one instance. */
  perUserPerDocument: number;
  /** Open connections to one document on one instance. */
  perDocument: number;
}

/** Why one more connection of `userId` to a document is refused, or null when it may connect. */
export function connectionRefusal(
  open: Iterable<{ user: { id: string } }>,
  userId: string,
  caps: ConnectionCaps,
): string | null {
  let all = 0;
  let own = 0;
  for (const conn of open) {
    all += 1;
    if (conn.user.id === userId) own += 1;
  }
  if (own >= caps.perUserPerDocument) return `at most ${caps.perUserPerDocument} connections per person to a document`;
  if (all >= caps.perDocument) return `at most ${caps.perDocument} connections to a document`;
  return null;
}

/**
 * A token bucket for one connection's awareness messages. Presence is last-writer-wins, so a message over the
 * rate is not lost but held: the newest one held goes out when the bucket refills (a caret that moved ten
 * times in a burst is shown at its last place).
 */
export class PresenceRate {
  private tokens: number;
  private last = Date.now();
  private held: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  /** Runs `apply` now if the rate allows, otherwise once it does (replacing any message held before). */
  submit(apply: () => void) {
    this.refill();
    if (this.tokens >= 1 && !this.held) {
      this.tokens -= 1;
      apply();
      return;
    }
    this.held = apply;
    this.timer ??= setTimeout(() => this.release(), Math.ceil(((1 - this.tokens) / this.perSecond) * 1000)).unref();
  }

  private refill() {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
  }

  private release() {
    this.timer = null;
    this.refill();
    const held = this.held;
    this.held = null;
    if (!held) return;
    this.tokens = Math.max(0, this.tokens - 1);
    held();
  }

  /** The connection closed: nothing held is applied any more. */
  stop() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.held = null;
  }
}
