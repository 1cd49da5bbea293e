// Web security at the edge, for every request: security headers with a per-request CSP nonce, well-formed
// URLs, same-origin checks on state changes (CSRF, login CSRF), body size limits, and rate limits.
import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import type { Config } from "./config.js";
import type { Limiter, RateLimits } from "./rate-limits.js";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

export function securityHeaders(config: Pick<Config, "secureCookies">) {
  return (_req: Request, res: Response, next: NextFunction) => {
    // Scripts run only from our origin or with this response's nonce (Remix's inline hydration data).
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader(
      "Content-Security-Policy",
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}'`,
        // Mantine sets CSS variables through style attributes; styles cannot run code.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join("; "),
    );
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (config.secureCookies) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    next();
  };
}

function sendError(req: Request, res: Response, status: number, code: string, message: string) {
  if (req.path.startsWith("/api/") || !(req.headers.accept ?? "").includes("text/html"))
    res.status(status).json({ error: { code, message, details: [] } });
  else res.status(status).type("text/plain").send(message);
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** Decodes one percent-encoded URL part, or null when an escape is malformed or not UTF-8. */
function decodePart(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** A parameter name as it can be shown in a message: control characters escaped, at most 40 characters. */
const shown = (name: string) => JSON.stringify(name.slice(0, 40));

/**
 * What is wrong with a request target, or null: a percent-escape that is malformed or not UTF-8 ("%zz",
 * "%E0%A4%A", an encoded lone surrogate) in the path or the query, or a control character once decoded —
 * CR/LF in a parameter is how headers are injected and redirects bent, and no page of ours takes one.
 */
export function urlProblem(target: string): string | null {
  const q = target.indexOf("?");
  const path = decodePart(q < 0 ? target : target.slice(0, q));
  if (path === null) return "Malformed URL: the path has an invalid percent-escape (expected %XX of UTF-8)";
  if (CONTROL_CHARACTER.test(path)) return "Malformed URL: the path contains a control character (CR, LF, tab…)";
  if (q < 0) return null;
  for (const pair of target.slice(q + 1).split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const name = decodePart((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, " "));
    if (name === null) return "Malformed URL: a query parameter name has an invalid percent-escape";
    const value = decodePart((eq < 0 ? "" : pair.slice(eq + 1)).replace(/\+/g, " "));
    if (value === null)
      return `Malformed URL: query parameter ${shown(name)} has an invalid percent-escape (expected %XX of UTF-8)`;
    if (CONTROL_CHARACTER.test(name) || CONTROL_CHARACTER.test(value))
      return `Malformed URL: query parameter ${shown(name)} contains a control character (CR, LF, tab…)`;
  }
  return null;
}

/** 400 naming the problem for a URL no route can mean, before any decoder deep inside throws a 500. */
export function wellFormedUrls() {
  return (req: Request, res: Response, next: NextFunction) => {
    const problem = urlProblem(req.originalUrl);
    if (problem) return sendError(req, res, 400, "validation", problem);
    next();
  };
}

/**
 * Browsers attach cookies to cross-site requests; a state change made with our session cookie must
 * come from our own pages. Browsers send Origin on every cross-site POST/PUT/DELETE (and Sec-Fetch-Site).
 */
export function sameOriginWrites(config: Pick<Config, "publicUrl">) {
  const publicOrigin = new URL(config.publicUrl).origin;
  return (req: Request, res: Response, next: NextFunction) => {
    // With or without a cookie: a cross-site POST to /login would sign the victim into the attacker's
    // account (login CSRF). Scripts (no Origin, no Sec-Fetch-Site) are not browsers and pass.
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.headers.origin;
    const ownOrigin = `${req.protocol}://${req.headers.host}`;
    const allowed = origin
      ? origin === publicOrigin || origin === ownOrigin
      : req.headers["sec-fetch-site"] !== "cross-site";
    if (allowed) return next();
    sendError(
      req,
      res,
      403,
      "forbidden",
      "Cross-site request refused: state-changing requests must come from this site",
    );
  };
}

/** Refuses bodies over the limit from their declared length, before reading them. */
export function bodyLimit(maxBytes = MAX_BODY_BYTES) {
  return (req: Request, res: Response, next: NextFunction) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > maxBytes) {
      res.setHeader("Connection", "close");
      return sendError(req, res, 413, "too_large", `Request body too large: ${declared} bytes > ${maxBytes}`);
    }
    let seen = 0;
    // Chunked bodies have no declared length: count as they stream and cut off at the limit.
    req.on("data", (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > maxBytes) req.destroy(new Error("request body too large"));
    });
    next();
  };
}

/**
 * The page a request is for: single fetch asks for a page's loaders and actions at its path plus ".data"
 * ("/login.data", "/_root.data" for "/"), so a rule about a page must hold for both, or a script that
 * POSTs to /login.data would guess passwords unlimited.
 */
export function pagePath(path: string): string {
  if (!path.endsWith(".data")) return path;
  const page = path.slice(0, -".data".length);
  return page === "/_root" ? "/" : page;
}

export function rateLimit(limits: RateLimits) {
  const tooMany = (req: Request, res: Response, seconds: number) => {
    res.setHeader("Retry-After", String(seconds));
    sendError(req, res, 429, "rate_limited", `Too many requests: try again in ${seconds} s`);
  };
  // Only failures count: a whole panel signing in from one office network is not blocked, guessing is. Each
  // attempt is counted before it runs and given back once it succeeded, so a burst of guesses sent at once,
  // or spread over instances, cannot all pass before the first failure is counted.
  const failuresOnly = async (limiter: Limiter, key: string, res: Response) => {
    const wait = await limiter.take(key);
    if (!wait)
      res.on("finish", () => {
        if (res.statusCode < 400)
          limiter.refund(key).catch((error) => console.error(`rate limit ${limiter.name}: ${error}`));
      });
    return wait;
  };
  const limit = async (req: Request, res: Response): Promise<number> => {
    // req.ip is the socket's address, or the client's from X-Forwarded-For only when TRUST_PROXY says
    // which proxies to believe (a forged header cannot mint fresh counters otherwise).
    const ip = req.ip ?? req.socket.remoteAddress ?? "unknown";
    const path = pagePath(req.path);
    if (req.method === "POST" && (path === "/login" || path === "/api/v1/auth/token"))
      return failuresOnly(limits.login, `ip:${ip}`, res);
    if (req.method === "POST" && (path.startsWith("/invite/") || /^\/api\/v1\/invitations\/[^/]+\/redeem$/.test(path)))
      return failuresOnly(limits.invitation, `ip:${ip}`, res);
    if (req.path.startsWith("/api/")) {
      const who = res.locals.session?.user?.id ?? req.headers.authorization ?? `ip:${ip}`;
      return limits.api.take(String(who));
    }
    return 0;
  };
  return (req: Request, res: Response, next: NextFunction) => {
    limit(req, res).then((wait) => (wait > 0 ? tooMany(req, res, wait) : next()), next);
  };
}
