// The y-websocket protocol (sync + awareness) under /yjs/<document>, on the app's own port.
// Upgrades are authenticated with the session cookie; documents live in memory while in use.
import type { IncomingMessage, Server as HttpServer } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import * as awarenessProtocol from "y-protocols/awareness";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import type { Auth, Authenticated } from "../auth.js";

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const DOC_NAME = /^[A-Za-z0-9:._-]{1,200}$/;
const PING_INTERVAL_MS = 30_000;

class SharedDoc extends Y.Doc {
  readonly awareness = new awarenessProtocol.Awareness(this);
  /** Each connection with the awareness client ids it controls, to clear them on disconnect. */
  readonly conns = new Map<WebSocket, Set<number>>();

  constructor(readonly name: string) {
    super({ gc: true });
    this.awareness.setLocalState(null);
    this.on("update", (update: Uint8Array) => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeUpdate(encoder, update);
      this.broadcast(encoding.toUint8Array(encoder));
    });
    this.awareness.on("update", ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
      const changed = [...added!, ...updated!, ...removed!];
      const controlled = this.conns.get(origin as WebSocket);
      if (controlled) {
        added!.forEach((id) => controlled.add(id));
        removed!.forEach((id) => controlled.delete(id));
      }
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
      encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
      this.broadcast(encoding.toUint8Array(encoder));
    });
  }

  broadcast(message: Uint8Array) {
    for (const ws of this.conns.keys()) send(ws, message);
  }
}

function send(ws: WebSocket, message: Uint8Array) {
  if (ws.readyState === ws.OPEN) ws.send(message, (err) => err && ws.close());
}

export interface YjsServer {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
  documentCount(): number;
}

export function attachYjs(httpServer: HttpServer, auth: Auth): YjsServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const docs = new Map<string, SharedDoc>();

  const getDoc = (name: string) => {
    let doc = docs.get(name);
    if (!doc) {
      doc = new SharedDoc(name);
      docs.set(name, doc);
    }
    return doc;
  };

  const onConnection = (ws: WebSocket, doc: SharedDoc) => {
    doc.conns.set(ws, new Set());
    let alive = true;
    ws.on("pong", () => (alive = true));
    const ping = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, PING_INTERVAL_MS);

    ws.on("message", (data: Buffer) => {
      try {
        const decoder = decoding.createDecoder(new Uint8Array(data));
        const encoder = encoding.createEncoder();
        const type = decoding.readVarUint(decoder);
        if (type === MESSAGE_SYNC) {
          encoding.writeVarUint(encoder, MESSAGE_SYNC);
          syncProtocol.readSyncMessage(decoder, encoder, doc, ws);
          if (encoding.length(encoder) > 1) send(ws, encoding.toUint8Array(encoder));
        } else if (type === MESSAGE_AWARENESS) {
          awarenessProtocol.applyAwarenessUpdate(doc.awareness, decoding.readVarUint8Array(decoder), ws);
        }
      } catch {
        ws.close(1003, "malformed message");
      }
    });

    ws.on("close", () => {
      clearInterval(ping);
      const controlled = doc.conns.get(ws);
      doc.conns.delete(ws);
      if (controlled?.size) awarenessProtocol.removeAwarenessStates(doc.awareness, [...controlled], null);
      if (doc.conns.size === 0) {
        docs.delete(doc.name);
        doc.destroy();
      }
    });

    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, doc);
    send(ws, encoding.toUint8Array(encoder));
    const states = doc.awareness.getStates();
    if (states.size > 0) {
      const awarenessEncoder = encoding.createEncoder();
      encoding.writeVarUint(awarenessEncoder, MESSAGE_AWARENESS);
      encoding.writeVarUint8Array(
        awarenessEncoder,
        awarenessProtocol.encodeAwarenessUpdate(doc.awareness, [...states.keys()]),
      );
      send(ws, encoding.toUint8Array(awarenessEncoder));
    }
  };

  const refuse = (socket: Duplex, status: number, reason: string) => {
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${reason.length}\r\n\r\n${reason}`,
    );
  };

  return {
    handleUpgrade(req, socket, head) {
      const name = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname.slice("/yjs/".length));
      if (!DOC_NAME.test(name)) return refuse(socket, 400, "Bad Request");
      auth.authenticate(req.headers.cookie).then(
        (who: Authenticated | null) => {
          if (!who) return refuse(socket, 401, "Unauthorized");
          wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, getDoc(name)));
        },
        () => refuse(socket, 503, "Service Unavailable"),
      );
    },
    close() {
      for (const ws of wss.clients) ws.close(1001, "server shutting down");
      wss.close();
    },
    documentCount: () => docs.size,
  };
}

export function isYjsPath(url: string | undefined): boolean {
  return (url ?? "").startsWith("/yjs/");
}
