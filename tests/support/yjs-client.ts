// The y-websocket protocol by hand (sync only, no provider): connects, syncs, sends local changes and reports
// how the server closed the connection. Used where a test or benchmark needs the raw socket.
import WebSocket from "ws";
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";

export interface YjsClient {
  ws: WebSocket;
  doc: Y.Doc;
  closed: Promise<{ code: number; reason: string }>;
}

/** Resolves once the document is synced with the server at `url` (`ws://…/yjs/<document>`). */
export async function connectYjsClient(url: string, cookie?: string): Promise<YjsClient> {
  const ws = new WebSocket(url, { headers: cookie ? { cookie } : {} });
  const doc = new Y.Doc();
  let markSynced!: () => void;
  const synced = new Promise<void>((resolve) => (markSynced = resolve));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const send = (write: (encoder: encoding.Encoder) => void) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    write(encoder);
    ws.send(encoding.toUint8Array(encoder));
  };
  ws.on("message", (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) !== 0) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    if (syncProtocol.readSyncMessage(decoder, encoder, doc, "server") === syncProtocol.messageYjsSyncStep2)
      markSynced();
    if (encoding.length(encoder) > 1) ws.send(encoding.toUint8Array(encoder));
  });
  doc.on("update", (update: Uint8Array, origin: unknown) => {
    if (origin === "server" || ws.readyState !== ws.OPEN) return;
    send((encoder) => syncProtocol.writeUpdate(encoder, update));
  });
  await new Promise<void>((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  send((encoder) => syncProtocol.writeSyncStep1(encoder, doc));
  await synced;
  return { ws, doc, closed };
}
