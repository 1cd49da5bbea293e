// socket.io on the shared HTTP server. Every connection, polling or websocket, must carry a
// valid session cookie: anonymous handshakes are refused before a socket exists. Clients join
// a consultation's room only after a server-side membership check.
// With Redis (several instances), rooms span instances: an event emitted on one reaches clients on all.
// Connection state recovery: a client back within MAX_DISCONNECTION_MS gets the events it missed and keeps
// its rooms (memberships checked again); otherwise it starts afresh and re-fetches the state it shows. With
// Redis the adapter is the Redis Streams one, which keeps the missed packets and sessions in Redis, so a client
// recovers on any instance.
// Each socket follows its session: it joins `session:<key>` and `user:<id>`, so a logout closes the session's
// sockets and a lost membership those of the user, on every instance (the adapter carries both).
import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import type { RedisLink } from "./redis.js";
import type { Db } from "../db/client.js";
import type { Auth } from "../auth.js";
import { membership } from "../../app/models/access.server.js";
import type { LiveEvents } from "../../app/models/events.js";

/** How long a disconnected client's missed events and rooms are kept for it. */
export const MAX_DISCONNECTION_MS = 2 * 60_000;

const room = (consultationId: string, audience: "all" | "moderators") =>
  audience === "all" ? `consultation:${consultationId}` : `consultation:${consultationId}:moderators`;
const ROOM = /^consultation:([^:]+)(:moderators)?$/;
const sessionRoom = (sessionKey: string) => `session:${sessionKey}`;
const userRoom = (userId: string) => `user:${userId}`;

/** What the realtime session code (server/realtime/revocation.ts) may do with the sockets. */
export interface SocketSessions {
  /** Closes every socket of this session, on every instance. */
  closeSession(sessionKey: string): void;
  /** Checks the memberships of every socket of this user, on every instance; closes those that lost a room. */
  recheckUser(userId: string): Promise<void>;
  /** Closes this instance's sockets whose session ended (expired or deleted). */
  checkSessions(): Promise<void>;
}

/** Wall-clock time with sub-millisecond precision, comparable between processes of one machine. */
const wallClock = () => Math.round((performance.timeOrigin + performance.now()) * 100) / 100;

/** Joins the consultation's rooms the caller's membership allows; false for a stranger. */
async function joinConsultation(db: Db, socket: Socket, consultationId: string): Promise<boolean> {
  const m = await membership(db, consultationId, socket.data.user).catch(() => null);
  if (!m) return false;
  await socket.join(room(consultationId, "all"));
  if (m.role === "moderator" || m.role === "observer") await socket.join(room(consultationId, "moderators"));
  return true;
}

/**
 * Leaves the rooms the socket's (current) user, session and memberships no longer allow; true when it had to
 * leave a consultation's room. Works on a local socket and on a remote one (fetchSockets) alike.
 */
async function recheckRooms(db: Db, socket: Pick<Socket, "rooms" | "data" | "leave">): Promise<boolean> {
  let refused = false;
  for (const name of [...socket.rooms]) {
    if (name.startsWith("user:") && name !== userRoom(socket.data.user.id)) await socket.leave(name);
    if (name.startsWith("session:") && name !== sessionRoom(socket.data.sessionKey)) await socket.leave(name);
    const match = ROOM.exec(name);
    if (!match) continue;
    const m = await membership(db, match[1]!, socket.data.user);
    if (!m || (match[2] && m.role === "panellist")) {
      await socket.leave(name);
      refused = true;
    }
  }
  return refused;
}

export function attachSocketIo(
  httpServer: HttpServer,
  auth: Auth,
  db: Db,
  options: { redis?: RedisLink } = {},
): { io: Server; events: LiveEvents; sessions: SocketSessions } {
  const { redis } = options;
  const io = new Server(httpServer, {
    path: "/socket.io",
    adapter: redis
      ? createAdapter(redis.pub, {
          // Everything under the prefix: deployments sharing one Redis never hear each other.
          streamName: `${redis.prefix}:socket.io`,
          channelPrefix: `${redis.prefix}:socket.io`,
          sessionKeyPrefix: `${redis.prefix}:socket.io:session:`,
        })
      : undefined,
    // A recovered connection still passes the authentication middleware: its session may have ended meanwhile.
    connectionStateRecovery: { maxDisconnectionDuration: MAX_DISCONNECTION_MS, skipMiddlewares: false },
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
    socket.data.sessionKey = auth.sessionKey(who.session.id);
    // A recovered socket got its rooms back: before it is connected, it leaves those it may no longer hear.
    if (socket.recovered)
      await recheckRooms(db, socket).then(
        () => next(),
        () => next(new Error("memberships could not be checked")),
      );
    else next();
  });
  io.on("connection", (socket) => {
    void socket.join([userRoom(socket.data.user.id), sessionRoom(socket.data.sessionKey)]);
    socket.on("consultation:join", async (payload: unknown, ack?: (reply: { ok: boolean; error?: string }) => void) => {
      const reply = typeof ack === "function" ? ack : () => {};
      const consultationId = (payload as { consultationId?: unknown } | null)?.consultationId;
      if (typeof consultationId !== "string" || consultationId.length > 100)
        return reply({ ok: false, error: "consultationId required" });
      if (!(await joinConsultation(db, socket, consultationId)))
        return reply({ ok: false, error: "not a member of this consultation" });
      reply({ ok: true });
    });
  });
  const events: LiveEvents = {
    emit(consultationId, event, audience = "all") {
      io.to(room(consultationId, audience)).emit(event.type, { ...event, at: wallClock() });
    },
  };
  const sessions: SocketSessions = {
    closeSession(sessionKey) {
      io.in(sessionRoom(sessionKey)).disconnectSockets(true);
    },
    async recheckUser(userId) {
      const sockets = await io.in(userRoom(userId)).fetchSockets();
      await Promise.all(
        sockets.map(async (socket) => {
          // A page's socket serves one consultation: one that lost its room is closed, not left deaf.
          if (await recheckRooms(db, socket)) socket.disconnect(true);
        }),
      );
    },
    async checkSessions() {
      const sockets = [...io.of("/").sockets.values()];
      if (sockets.length === 0) return;
      const live = await auth.liveSessionKeys(sockets.map((socket) => socket.data.sessionKey as string));
      for (const socket of sockets) if (!live.has(socket.data.sessionKey)) socket.disconnect(true);
    },
  };
  return { io, events, sessions };
}
