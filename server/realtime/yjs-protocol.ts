// The y-websocket wire format the server speaks: message types, how messages are framed, the close codes a
// client editor acts on, and how a refused upgrade is answered.
import type { Duplex } from "node:stream";
import * as awarenessProtocol from "y-protocols/awareness";
import * as encoding from "lib0/encoding";

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;

/** Close codes. A client editor treats 4403, 1009 and 4400 as final: reconnecting would repeat the refusal. */
export const CLOSE_FORBIDDEN = 4403;
export const CLOSE_TOO_LARGE = 1009;
/** An update the editor's schema cannot represent: refused, neither stored nor relayed. */
export const CLOSE_INVALID = 4400;
/** The connection's session ended (logout, expiry): the client must sign in again. */
export const CLOSE_SESSION_ENDED = 4401;
/** Over a connection cap (yjs-limits.ts); at the upgrade it is the HTTP status 429. */
export const CLOSE_TOO_MANY = 4429;

export function syncMessage(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

export function refuseUpgrade(socket: Duplex, status: number, reason: string) {
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${reason.length}\r\n\r\n${reason}`,
  );
}
