// Tells a database outage from a bug: connection failures (PostgreSQL restarted, network cut, pool timeout) and a
// full disk become AppErrors users can read — 503 "unavailable" — instead of 500s. The Prisma pool reconnects by
// itself on the next query, so nothing here needs a restart.
import type { NextFunction, Request, Response } from "express";
import { AppError } from "../../shared/errors/app-error.js";

// P1001 can't reach server, P1002 timed out, P1008 operation timed out, P1017 server closed the connection,
// P2024 timed out fetching a connection from the pool.
const PRISMA_CONNECTION_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EHOSTUNREACH"]);
const CONNECTION_MESSAGES = [
  /connection terminated/i,
  /terminating connection/i,
  /server closed the connection/i,
  /connection (?:is )?closed/i,
  /can't reach database server/i,
  /ECONNREFUSED|ECONNRESET/,
  /the database system is (?:starting up|shutting down|in recovery mode)/i,
  /timed out fetching a new connection/i,
];
const STORAGE_MESSAGES = [/database or disk is full/i, /SQLITE_FULL/, /no space left on device/i, /ENOSPC/];

function chain(error: unknown): unknown[] {
  const out: unknown[] = [];
  let e: unknown = error;
  for (let i = 0; e && i < 6; i++) {
    out.push(e);
    e = (e as { cause?: unknown }).cause;
  }
  return out;
}

const field = (e: unknown, name: string) =>
  e && typeof e === "object" ? (e as Record<string, unknown>)[name] : undefined;

function text(e: unknown): string {
  return [field(e, "message"), field(e, "code"), JSON.stringify(field(e, "meta") ?? "")]
    .filter((x) => typeof x === "string")
    .join(" ");
}

/** True when the error says the database could not be reached (not a query or data error). */
export function isDatabaseUnavailable(error: unknown): boolean {
  return chain(error).some((e) => {
    const code = field(e, "code") ?? field(e, "errorCode");
    if (typeof code === "string" && (PRISMA_CONNECTION_CODES.has(code) || SOCKET_CODES.has(code))) return true;
    if (field(e, "name") === "PrismaClientInitializationError") return true;
    return CONNECTION_MESSAGES.some((re) => re.test(text(e)));
  });
}

/** True when the database refused a write for lack of space (SQLite SQLITE_FULL, ENOSPC). */
export function isStorageFull(error: unknown): boolean {
  return chain(error).some((e) => STORAGE_MESSAGES.some((re) => re.test(text(e))));
}

/** The AppError to answer for an infrastructure failure, or null for any other error. */
export function databaseFailure(error: unknown): AppError | null {
  if (isStorageFull(error))
    return new AppError(
      "unavailable",
      "Storage is full: the database cannot save changes right now; nothing was saved",
    );
  if (isDatabaseUnavailable(error))
    return new AppError("unavailable", "The database is unavailable; try again in a moment");
  return null;
}

/**
 * Express error handler: a request that failed on the database before reaching Remix (the session lookup)
 * answers 503 — JSON for the API, a short page otherwise — and any other error a generic 500 without a stack.
 */
export function databaseErrorHandler() {
  return (error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const failure = databaseFailure(error);
    if (!failure) console.error(error);
    const [status, code, message] = failure
      ? [503, failure.code, failure.message]
      : [500, "internal", "Internal error; it has been logged"];
    if (failure) res.setHeader("Retry-After", "5");
    if (req.path.startsWith("/api/") || !(req.headers.accept ?? "").includes("text/html"))
      res.status(status).json({ error: { code, message, details: [] } });
    else res.status(status).type("text/plain").send(message);
  };
}
