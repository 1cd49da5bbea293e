// The baselines the live benchmarks compare the app with, run in their own process like the app:
//   node --import tsx bench/bare-servers.ts socketio   socket.io alone: join a room, GET /emit broadcasts to it
//   node --import tsx bench/bare-servers.ts yjs        a bare y-websocket-protocol relay (y-protocols): sync and
//                                                      awareness in memory, no authentication, no persistence
// Same paths, event names and payloads as the app, so the benchmark clients are the same for both.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import * as awarenessProtocol from "y-protocols/awareness";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";

function socketIoServer() {
  const httpServer = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname !== "/emit") return void res.writeHead(404).end();
    const consultationId = url.searchParams.get("consultation") ?? "";
    io.to(`consultation:${consultationId}:moderators`).emit("rating:saved", {
      type: "rating:saved",
      roundId: "bare",
      itemId: url.searchParams.get("item") ?? "",
      ratedCount: 1,
      at: performance.timeOrigin + performance.now(),
    });
    res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  });
  const io = new Server(httpServer, { path: "/socket.io", serveClient: false });
  io.on("connection", (socket) => {
    socket.on("consultation:join", async (payload: { consultationId: string }, ack: (r: unknown) => void) => {
      await socket.join(`consultation:${payload.consultationId}:moderators`);
      ack({ ok: true });
    });
  });
  return httpServer;
}

function yjsRelay() {
  const docs = new Map<string, { doc: Y.Doc; awareness: awarenessProtocol.Awareness; conns: Set<WebSocket> }>();
  const send = (ws: WebSocket, message: Uint8Array) => ws.readyState === ws.OPEN && ws.send(message);
  const message = (type: number, write: (encoder: encoding.Encoder) => void) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, type);
    write(encoder);
    return encoding.toUint8Array(encoder);
  };
  const open = (name: string) => {
    const existing = docs.get(name);
    if (existing) return existing;
    const doc = new Y.Doc();
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState(null);
    const shared = { doc, awareness, conns: new Set<WebSocket>() };
    doc.on("update", (update: Uint8Array) => {
      const m = message(0, (e) => syncProtocol.writeUpdate(e, update));
      for (const ws of shared.conns) send(ws, m);
    });
    awareness.on("update", ({ added, updated, removed }: Record<string, number[]>) => {
      const changed = [...added!, ...updated!, ...removed!];
      const m = message(1, (e) =>
        encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, changed)),
      );
      for (const ws of shared.conns) send(ws, m);
    });
    docs.set(name, shared);
    return shared;
  };

  const httpServer = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });
  httpServer.on("upgrade", (req, socket, head) => {
    const name = (req.url ?? "/").slice("/yjs/".length);
    wss.handleUpgrade(req, socket, head, (ws) => {
      const shared = open(name);
      shared.conns.add(ws);
      ws.on("message", (data: RawData) => {
        const decoder = decoding.createDecoder(new Uint8Array(data as Buffer));
        const type = decoding.readVarUint(decoder);
        if (type === 0) {
          const reply = encoding.createEncoder();
          encoding.writeVarUint(reply, 0);
          syncProtocol.readSyncMessage(decoder, reply, shared.doc, ws);
          if (encoding.length(reply) > 1) send(ws, encoding.toUint8Array(reply));
        } else if (type === 1)
          awarenessProtocol.applyAwarenessUpdate(shared.awareness, decoding.readVarUint8Array(decoder), ws);
      });
      ws.on("close", () => shared.conns.delete(ws));
      send(
        ws,
        message(0, (e) => syncProtocol.writeSyncStep1(e, shared.doc)),
      );
    });
  });
  return httpServer;
}

const kind = process.argv[2];
const server = kind === "socketio" ? socketIoServer() : kind === "yjs" ? yjsRelay() : null;
if (!server) {
  console.error("usage: bare-servers.ts socketio|yjs");
  process.exit(2);
}
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? "127.0.0.1", () => {
  console.log(`bare ${kind} listening on ${(server.address() as AddressInfo).port}`);
});
process.on("SIGTERM", () => process.exit(0));
