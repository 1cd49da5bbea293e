// socket.io on the shared HTTP server. Every connection, polling or websocket, must carry a
// valid session cookie: anonymous handshakes are refused before a socket exists.
import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import type { Auth } from "../auth.js";

export function attachSocketIo(httpServer: HttpServer, auth: Auth): Server {
  const io = new Server(httpServer, {
    path: "/socket.io",
    // The Yjs endpoint shares this server's upgrade event: leave other paths alone.
    destroyUpgrade: false,
    serveClient: false,
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
  });
  return io;
}
