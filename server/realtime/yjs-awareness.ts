// Presence (cursors, who is here) must not reveal who a panellist is nor carry anything else: the server
// rebuilds every awareness state a client sends from a whitelist — `user` is the pseudonymous identity the
// server chose, `cursor` the y-prosemirror caret (two relative positions) — and drops every other field.
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";

export interface PresenceIdentity {
  /** "Expert 7", "Moderator" or "Observer". */
  name: string;
  colour: string;
}

/** Largest awareness state (its JSON) a client may send; a caret is about 150 bytes. */
export const MAX_AWARENESS_STATE_BYTES = 1024;

const isCount = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;

/** An `ID` of Yjs as JSON: `{client, clock}`. */
const isId = (value: unknown) =>
  value !== null &&
  typeof value === "object" &&
  isCount((value as { client?: unknown }).client) &&
  isCount((value as { clock?: unknown }).clock);

/** A caret end: Yjs' RelativePosition as JSON (`Y.relativePositionToJSON`), or an index. */
function relativePosition(value: unknown): unknown {
  if (isCount(value)) return value;
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const { type, tname, item, assoc } = value as Record<string, unknown>;
  const position: Record<string, unknown> = {};
  if (type !== undefined && type !== null) {
    if (!isId(type)) return undefined;
    position.type = { client: (type as { client: number }).client, clock: (type as { clock: number }).clock };
  }
  if (tname !== undefined && tname !== null) {
    if (typeof tname !== "string" || tname.length > 100) return undefined;
    position.tname = tname;
  }
  if (item !== undefined && item !== null) {
    if (!isId(item)) return undefined;
    position.item = { client: (item as { client: number }).client, clock: (item as { clock: number }).clock };
  }
  if (assoc !== undefined && assoc !== null) {
    if (!Number.isInteger(assoc) || Math.abs(assoc as number) > 1) return undefined;
    position.assoc = assoc;
  }
  return position;
}

/** The whitelisted caret, or null for anything else. */
function cursor(value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return null;
  const anchor = relativePosition((value as { anchor?: unknown }).anchor);
  const head = relativePosition((value as { head?: unknown }).head);
  return anchor === undefined || head === undefined ? null : { anchor, head };
}

/** The state others see for what a client announced: its server-chosen identity and its caret, nothing else. */
export function presenceState(announced: unknown, identity: PresenceIdentity) {
  // y-prosemirror's cursor plugin reads `user.color`; `colour` is ours. Both carry the same value.
  const user = { name: identity.name, colour: identity.colour, color: identity.colour };
  const caret =
    announced !== null && typeof announced === "object" && "cursor" in announced
      ? cursor((announced as { cursor: unknown }).cursor)
      : undefined;
  return caret === undefined ? { user } : { user, cursor: caret };
}

/**
 * Re-encodes an awareness update received from one connection: entries for client ids it may not control are
 * dropped (no one can overwrite or remove another person's presence), so are oversized states, and each state
 * is rebuilt by `presenceState`. A null state (the client leaving) stays null.
 */
export function rewriteAwarenessUpdate(
  update: Uint8Array,
  identity: PresenceIdentity,
  mayControl: (clientId: number) => boolean,
): Uint8Array {
  const decoder = decoding.createDecoder(update);
  const entries: { clientId: number; clock: number; state: string }[] = [];
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const raw = decoding.readVarString(decoder);
    if (!mayControl(clientId) || raw.length > MAX_AWARENESS_STATE_BYTES) continue;
    const state: unknown = JSON.parse(raw);
    entries.push({
      clientId,
      clock,
      state: JSON.stringify(state === null ? null : presenceState(state, identity)),
    });
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, state);
  }
  return encoding.toUint8Array(encoder);
}
