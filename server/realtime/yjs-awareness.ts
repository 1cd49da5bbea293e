// Presence (cursors, who is here) must not reveal who a panellist is: the server rewrites every awareness
// state a client sends so that its `user` is the pseudonymous identity the server chose, never the client's.
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";

export interface PresenceIdentity {
  /** "Expert 7", "Moderator" or "Observer". */
  name: string;
  colour: string;
}

/**
 * Re-encodes an awareness update received from one connection: entries for client ids it may not control are
 * dropped (no one can overwrite or remove another person's presence), and each state's `user` is replaced.
 */
export function rewriteAwarenessUpdate(
  update: Uint8Array,
  identity: PresenceIdentity,
  mayControl: (clientId: number) => boolean,
): Uint8Array {
  // y-prosemirror's cursor plugin reads `user.color`; `colour` is ours. Both carry the same value.
  const user = { name: identity.name, colour: identity.colour, color: identity.colour };
  const decoder = decoding.createDecoder(update);
  const entries: { clientId: number; clock: number; state: string }[] = [];
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state: unknown = JSON.parse(decoding.readVarString(decoder));
    if (!mayControl(clientId)) continue;
    const rewritten =
      state !== null && typeof state === "object" && !Array.isArray(state)
        ? { ...state, user }
        : state === null
          ? null
          : { user };
    entries.push({ clientId, clock, state: JSON.stringify(rewritten) });
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
