// socket.io on the shared HTTP server. Every connection, polling or websocket, must carry a
// valid session cookie: anonymous handshakes are refused before a socket exists. Clients join
// a consultation's room only after a server-side membership check.
// With Redis (several instances), rooms span instances: an event emitted on one reaches clients on all.
import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { createAdapter } from "@socket.io/redis-adapter";
import type { RedisLink } from "./redis.js";
import type { Db } from "../db/client.js";
import type { Auth } from "../auth.js";
import { membership } from "../../app/models/access.server.js";
import type { LiveEvents } from "../../app/models/events.js";

const room = (consultationId: string, audience: "all" | "moderators") =>
  audience === "all" ? `consultation:${consultationId}` : `consultation:${consultationId}:moderators`;

export function attachSocketIo(
  httpServer: HttpServer,
  auth: Auth,
  db: Db,
  options: { redis?: RedisLink } = {},
): { io: Server; events: LiveEvents } {
  const { redis } = options;
  const io = new Server(httpServer, {
    path: "/socket.io",
    adapter: redis ? createAdapter(redis.pub, redis.sub, { key: `${redis.prefix}:socket.io` }) : undefined,
    // The Yjs endpoint shares this server's upgrade event: leave other paths alone.
    destroyUpgrade: false,
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    allowRequest: (req, callback) => {
      auth.authenticate(req.headers.cookie).then(
        (who) => callback(who ? null : "authentication required", Boolean(who)),
        () => callback("authentication failed", false),
      );
    },
  });
  io.use(async (socket, next) => {
    const who = await auth.authenticate(socket.request.headers.cookie).catch(() => null);
    if (!who) return next(new Error("authentication required"));
    socket.data.user = who.user;
    next();
  });
  io.on("connection", (socket) => {
    void socket.join(`user:${socket.data.user.id}`);
    socket.on("consultation:join", async (payload: unknown, ack?: (reply: { ok: boolean; error?: string }) => void) => {
      const reply = typeof ack === "function" ? ack : () => {};
      const consultationId = (payload as { consultationId?: unknown } | null)?.consultationId;
      if (typeof consultationId !== "string" || consultationId.length > 100)
        return reply({ ok: false, error: "consultationId required" });
      const m = await membership(db, consultationId, socket.data.user).catch(() => null);
      if (!m) return reply({ ok: false, error: "not a member of this consultation" });
      await socket.join(room(consultationId, "all"));
      if (m.role === "moderator" || m.role === "observer") await socket.join(room(consultationId, "moderators"));
      reply({ ok: true });
    });
  });
  const events: LiveEvents = {
    emit(consultationId, event, audience = "all") {
      io.to(room(consultationId, audience)).emit(event.type, event);
    },
  };
  return { io, events };
}
