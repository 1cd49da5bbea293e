// Realtime connections follow the session that opened them. `accessRevoked` (LiveEvents) closes a session's
// socket.io and Yjs connections at once after a logout, and re-checks a user's after a role was removed or a
// panellist withdrew — on every instance, through the socket.io adapter and the Yjs relay. A periodic check
// closes connections whose session expired or was deleted without anybody saying so.
import type { Auth } from "../auth.js";
import type { LiveEvents } from "../../app/models/events.js";
import type { SocketSessions } from "./socket.js";
import type { YjsServer } from "./yjs.js";

export interface Revocation {
  accessRevoked: NonNullable<LiveEvents["accessRevoked"]>;
  stop(): void;
}

export function createRevocation(options: {
  auth: Auth;
  sockets: SocketSessions;
  yjs: YjsServer;
  /** How often socket.io sessions are checked (the Yjs server runs its own check). */
  sessionCheckMs?: number;
  log?: (message: string, error?: unknown) => void;
}): Revocation {
  const {
    auth,
    sockets,
    yjs,
    sessionCheckMs = 60_000,
    log = (message, error) => console.error(`realtime: ${message}`, error ?? ""),
  } = options;

  const timer = setInterval(
    () => void sockets.checkSessions().catch((error) => log("could not check the sessions of live sockets", error)),
    sessionCheckMs,
  );
  timer.unref();

  return {
    async accessRevoked({ userId, sessionId }) {
      const work: [string, Promise<unknown>][] = [];
      if (sessionId !== undefined) {
        const sessionKey = auth.sessionKey(sessionId);
        sockets.closeSession(sessionKey);
        // Each connection re-checks its session, already deleted by the logout: all of them close.
        work.push(["Yjs connections of an ended session", yjs.refreshAccess({ sessionKey })]);
      }
      if (userId !== undefined)
        work.push(
          ["sockets of a user who lost access", sockets.recheckUser(userId)],
          ["Yjs connections of a user who lost access", yjs.refreshAccess({ userId })],
        );
      // The change itself (logout, withdrawal) is done and must not fail because an instance answered late;
      // what this misses, the periodic session check and each writer's access TTL still catch.
      const outcomes = await Promise.allSettled(work.map(([, promise]) => promise));
      outcomes.forEach((outcome, i) => {
        if (outcome.status === "rejected") log(`could not close the ${work[i]![0]}`, outcome.reason);
      });
    },
    stop: () => clearInterval(timer),
  };
}
