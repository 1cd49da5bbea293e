// The audit hash chain: how an event's hash is computed and how each event must link to the one
// before it. Pure (SHA-256 is passed in), so server, scripts and other runtimes verify alike.
// docs/audit.md states the same rules for people re-verifying with their own tools.
import { canonicalJson, type JsonValue } from "./canonical-json.js";

/** SHA-256 of the UTF-8 encoding of `text`, as 64 lowercase hex digits. */
export type Sha256Hex = (text: string) => string;

/** The prevHash of a consultation's first event (seq 1). */
export const GENESIS_HASH = "0".repeat(64);

/** The fields an event's hash covers. */
export interface AuditEventContent {
  consultationId: string;
  seq: number;
  at: Date;
  actor: string;
  type: string;
  payload: JsonValue;
  prevHash: string;
}

/** An event as stored: the payload is the canonical JSON text of the payload object. */
export interface StoredAuditEvent {
  id: number;
  consultationId: string;
  seq: number;
  at: Date;
  actor: string;
  type: string;
  payload: string;
  prevHash: string;
  hash: string;
}

/** The last verified event of a chain; seq 0 with the genesis hash before the first event. */
export interface ChainTip {
  seq: number;
  hash: string;
}

export const GENESIS_TIP: ChainTip = Object.freeze({ seq: 0, hash: GENESIS_HASH });

/**
 * The exact text that is hashed: the canonical JSON of the event's fields, with `at` as an ISO 8601
 * UTC string with milliseconds (`2025-01-31T09:05:00.000Z`) and the payload as a JSON value.
 */
export function auditHashInput(event: AuditEventContent): string {
  const { consultationId, seq, at, actor, type, payload, prevHash } = event;
  return canonicalJson({ consultationId, seq, at: at.toISOString(), actor, type, payload, prevHash });
}

export function auditEventHash(event: AuditEventContent, sha256: Sha256Hex): string {
  return sha256(auditHashInput(event));
}

/**
 * Why `event` does not continue the chain ending at `tip`, or null when it does. Checked in order:
 * the seq follows on (else events are missing), prevHash is the tip's hash, the stored payload is
 * canonical JSON, and the stored hash is the hash of the event's contents.
 */
export function auditLinkError(tip: ChainTip, event: StoredAuditEvent, sha256: Sha256Hex): string | null {
  const expected = tip.seq + 1;
  if (event.seq !== expected) {
    if (event.seq < expected) return `seq ${event.seq} is out of order (expected seq ${expected})`;
    const missing =
      event.seq - 1 === expected ? `event seq ${expected} is` : `events seq ${expected}–${event.seq - 1} are`;
    return `${missing} missing`;
  }
  if (event.prevHash !== tip.hash) {
    const of = tip.seq === 0 ? "the genesis hash" : `the hash of event seq ${tip.seq}`;
    return `prevHash does not match ${of}`;
  }
  let payload: JsonValue;
  try {
    payload = JSON.parse(event.payload) as JsonValue;
  } catch {
    return "payload is not valid JSON";
  }
  // Appends store canonical text, so any other spelling means the row was edited.
  if (canonicalJson(payload, "payload") !== event.payload) return "payload is not in canonical form";
  if (auditEventHash({ ...event, payload }, sha256) !== event.hash) return "hash does not match the event's contents";
  return null;
}

export interface ChainBreak {
  seq: number;
  /** The row's id; null only when a notarised head's event no longer exists. */
  id: number | null;
  reason: string;
}

export type ChainVerdict =
  | { ok: true; events: number; head: string }
  /** `events`: how many events before the break verified intact. */
  | { ok: false; events: number; brokenAt: ChainBreak };

/**
 * Verifies a consultation's events in seq order, fed in any number of batches (a page at a time),
 * so a long chain never has to be in memory at once. The links alone cannot reveal events cut
 * from the end, nor a chain rewritten with fresh hashes from some point on: a head notarised
 * earlier (seq and hash) catches both.
 */
export class AuditChainVerifier {
  private tip: ChainTip = GENESIS_TIP;
  private count = 0;
  private broken: ChainBreak | null = null;

  constructor(
    private readonly sha256: Sha256Hex,
    private readonly notarisedHead?: ChainTip,
  ) {}

  /** Checks the next events; returns false once the chain is broken (later events are ignored). */
  add(events: Iterable<StoredAuditEvent>): boolean {
    if (this.broken) return false;
    for (const event of events) {
      const reason = auditLinkError(this.tip, event, this.sha256);
      if (reason) {
        this.broken = { seq: event.seq, id: event.id, reason };
        return false;
      }
      const notarised = this.notarisedHead;
      if (notarised && notarised.seq === event.seq && notarised.hash !== event.hash) {
        const reason = `hash differs from the notarised head ${notarised.hash} (the chain was rewritten at or before this event)`;
        this.broken = { seq: event.seq, id: event.id, reason };
        return false;
      }
      this.tip = { seq: event.seq, hash: event.hash };
      this.count++;
    }
    return true;
  }

  /** The last event verified so far. */
  get head(): ChainTip {
    return this.tip;
  }

  /** Call once every event has been added. */
  verdict(): ChainVerdict {
    const notarised = this.notarisedHead;
    if (!this.broken && notarised && notarised.seq > this.tip.seq) {
      const reason = `the notarised head's event is missing: the chain ends at seq ${this.tip.seq}`;
      this.broken = { seq: notarised.seq, id: null, reason };
    }
    if (this.broken) return { ok: false, events: this.count, brokenAt: this.broken };
    return { ok: true, events: this.count, head: this.tip.hash };
  }
}
