// How much one client may take of a live document: connections per person and per document, and how often
// it may announce its presence. Sizes of updates and documents are checked where updates are applied (yjs.ts).

/** Close code (and HTTP status at the upgrade) for a client over one of these limits. */
export const CLOSE_TOO_MANY = 4429;

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
