// Who may keep a live connection: the session that opened it must still exist, and `authorize` must still
// grant the document. Checked at the upgrade (yjs.ts), again on every access change (`refreshAccess`), and for
// writers once their last check is older than `accessTtlMs`.
import * as awarenessProtocol from "y-protocols/awareness";
import type { Auth } from "../auth.js";
import type { Db } from "../db/client.js";
import type { SessionUser } from "../../app/models/user.server.js";
import type { DocumentAccess } from "../../app/models/collaboration.server.js";
import type { Connection, SharedDoc } from "./yjs-document.js";
import { CLOSE_FORBIDDEN, CLOSE_SESSION_ENDED } from "./yjs-protocol.js";

export type AuthorizeDocument = (db: Db, user: SessionUser, docName: string) => Promise<DocumentAccess | null>;

export function createAccessGuard(options: {
  db: Db;
  auth: Pick<Auth, "liveSessionKeys">;
  authorize: AuthorizeDocument;
  accessTtlMs: number;
  log: (message: string, error?: unknown) => void;
}) {
  const { db, auth, authorize, accessTtlMs, log } = options;
  let checks = 0;
  /**
   * Checks the connection's session, then asks `authorize` again; false when the connection was closed because
   * the session ended or access is gone.
   */
  const recheck = async (conn: Connection, doc: SharedDoc): Promise<boolean> => {
    const seq = ++checks;
    const startedAt = Date.now();
    let access: DocumentAccess | null;
    try {
      if (!(await auth.liveSessionKeys([conn.sessionKey])).has(conn.sessionKey)) {
        conn.refuse(CLOSE_SESSION_ENDED, "session ended");
        return false;
      }
      access = await authorize(db, conn.user, doc.name);
    } catch (error) {
      log(`could not check access to ${doc.name}`, error);
      conn.refuse(1011, "access check failed");
      return false;
    }
    // A check started later (refreshAccess after a round closed) already decided: this one read older state.
    if (seq < conn.checkSeq) return !conn.refused;
    conn.checkSeq = seq;
    conn.checkedAt = startedAt;
    if (!access) {
      conn.refuse(CLOSE_FORBIDDEN, "forbidden");
      return false;
    }
    // Readers announce no presence (see receive): a writer that became one is no longer shown either.
    if (access.access !== "write" && conn.awarenessIds.size)
      awarenessProtocol.removeAwarenessStates(doc.awareness, [...conn.awarenessIds], null);
    conn.access = access;
    return true;
  };

  /**
   * Before a writer's update: true while it may still write. A check older than `accessTtlMs` is awaited; one
   * past half that age is started ahead of time, off the message path, so a steady writer never waits for it.
   */
  const writerStillWrites = async (conn: Connection, doc: SharedDoc): Promise<boolean> => {
    const age = Date.now() - conn.checkedAt;
    if (age > accessTtlMs) return recheck(conn, doc);
    if (age > accessTtlMs / 2 && !conn.prechecking) {
      conn.prechecking = true;
      void recheck(conn, doc).finally(() => (conn.prechecking = false));
    }
    return true;
  };

  return { recheck, writerStillWrites };
}
