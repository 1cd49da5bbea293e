// Wires one HTTP server: static assets, the Remix handler, socket.io and the Yjs endpoint.
// Kept free of process concerns (signals, exit) so tests start it in-process on port 0.
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { constants as zlib } from "node:zlib";
import compression from "compression";
import express from "express";
import { createRequestHandler } from "@remix-run/express";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import type { Config } from "./config.js";
import type { Db } from "./db/client.js";
import { createAuth, type Auth, type Authenticated } from "./auth.js";
import { attachSocketIo } from "./realtime/socket.js";
import type { LiveEvents } from "../app/models/events.js";
import { closeOverdueRounds } from "../app/models/round.server.js";
import { startLiveTicker } from "../app/models/live.server.js";
import { startRatingSealer } from "../app/models/rating-log.server.js";
import { startReminderScheduler } from "../app/models/reminders.server.js";
import { bodyLimit, rateLimit, sameOriginWrites, securityHeaders, wellFormedUrls } from "./security.js";
import { createRateLimits, type RateLimits } from "./rate-limits.js";
import { attachYjs, isYjsPath } from "./realtime/yjs.js";
import { connectRedis } from "./realtime/redis.js";
import { createRevocation } from "./realtime/revocation.js";
import { databaseErrorHandler } from "./db/health.js";
import { apiEdge } from "./api-edge.js";
import { fairTurns } from "./fair-turns.js";

export interface AppContext {
  db: Db;
  auth: Auth;
  config: Config;
  /** Live updates to the browsers of a consultation. */
  events: LiveEvents;
  /** This response's Content-Security-Policy nonce for inline scripts. */
  cspNonce: string;
  /** The signed-in user of this request, if any. */
  session: Authenticated | null;
  /** Limits shared by every instance (Redis) or of this one alone. */
  rateLimits: RateLimits;
}

declare module "@remix-run/server-runtime" {
  interface AppLoadContext extends AppContext {}
}

// Single fetch (remix.config.js): loader and action data are typed as what turbo-stream delivers.
declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export async function loadRemixBuild(dir = "build"): Promise<ServerBuild> {
  return (await import(pathToFileURL(resolve(dir, "index.js")).href)) as ServerBuild;
}

export interface RunningApp {
  httpServer: HttpServer;
  url: string;
  close(): Promise<void>;
}

export async function startApp(options: {
  config: Config;
  db: Db;
  build: ServerBuild;
  rateLimits?: RateLimits;
}): Promise<RunningApp> {
  const { config, db, build } = options;
  // Several instances (REDIS_URL): socket.io rooms, Yjs documents and rate limits span them through Redis.
  const redis = config.redisUrl
    ? await connectRedis({ url: config.redisUrl, prefix: config.redisPrefix, instanceId: config.instanceId })
    : undefined;
  const rateLimits =
    options.rateLimits ?? createRateLimits(redis && { client: redis.limits, prefix: config.redisPrefix });
  const auth = createAuth(db, config, rateLimits.account);
  const app = express();
  app.disable("x-powered-by");
  app.use(fairTurns());
  // Once shutting down, every answer ends its keep-alive connection, so busy clients let go and the
  // server drains instead of serving them new requests until it is forced to cut them off.
  let closing = false;
  app.use((_req, res, next) => {
    if (closing) res.setHeader("Connection", "close");
    next();
  });
  app.set("trust proxy", config.trustProxy);
  app.use(securityHeaders(config));
  // Pages and assets compressed (brotli when the browser takes it): a 150-item voting page is mostly repeated
  // markup. Brotli's default quality 11 costs more CPU than it saves bytes on the fly; 4 is near gzip's speed.
  app.use(compression({ brotli: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } } }));
  app.use(wellFormedUrls());
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));

  app.get("/healthz", async (_req, res) => {
    try {
      await db.$queryRawUnsafe("SELECT 1");
      res.json({ ok: true });
    } catch {
      res.status(503).json({ ok: false, error: { code: "unavailable", message: "database unavailable" } });
    }
  });

  app.use(async (req, res, next) => {
    try {
      const session = await auth.authenticate(req.headers.cookie);
      if (session?.refreshCookie) res.append("Set-Cookie", session.refreshCookie);
      res.locals.session = session;
      next();
    } catch (error) {
      next(error);
    }
  });
  app.use(sameOriginWrites(config));
  // Before bodyLimit: its byte counter starts the body flowing, and a body that flows while the limit
  // waits on Redis would be gone before the route reads it.
  app.use(rateLimit(rateLimits));
  app.use(bodyLimit());

  const loadContext = (res: express.Response): AppLoadContext => ({
    db,
    auth,
    config,
    events: roundEvents,
    session: res.locals.session ?? null,
    cspNonce: res.locals.cspNonce,
    rateLimits,
  });
  app.use("/api/v1", apiEdge(build, loadContext));
  app.all("*", createRequestHandler({ build, mode: config.env, getLoadContext: (_req, res) => loadContext(res) }));
  app.use(databaseErrorHandler());

  const httpServer = createServer(app);
  const { io, events, sessions } = attachSocketIo(httpServer, auth, db, { redis });
  const yjs = attachYjs(httpServer, auth, { db, redis });
  const revocation = createRevocation({ auth, sockets: sessions, yjs });
  // Domain code reports round changes once; socket.io tells the browsers, Yjs re-checks write access.
  // A session that ended or access that was lost closes the live connections concerned (revocation.ts).
  const roundEvents: LiveEvents = {
    emit: events.emit,
    roundStatusChanged: (roundId) => yjs.refreshAccess({ roundId }),
    accessRevoked: revocation.accessRevoked,
  };
  httpServer.on("upgrade", (req, socket, head) => {
    if (isYjsPath(req.url)) yjs.handleUpgrade(req, socket, head);
    else if (!(req.url ?? "").startsWith("/socket.io/")) socket.destroy();
  });

  // Rounds close by themselves at their deadline (rating calls also refuse late answers).
  const deadlines = setInterval(() => {
    closeOverdueRounds(db, new Date(), roundEvents).catch((error) =>
      console.error("closing overdue rounds failed:", error),
    );
  }, 15_000);
  deadlines.unref();
  // Open rounds' rating commitments enter the audit chain within a second (closing seals the rest).
  const stopSealer = startRatingSealer(db);
  // Reminders at each open round's schedule; every instance runs it, the database lets one send each point.
  const stopReminders = startReminderScheduler(db);
  // Real-time rounds publish the group's figures on a fixed tick, batched (app/models/live.server.ts).
  const stopLive = startLiveTicker(db, roundEvents);

  await new Promise<void>((ok, fail) => {
    httpServer.once("error", fail);
    httpServer.listen(config.port, config.host, ok);
  });
  const { port } = httpServer.address() as AddressInfo;

  return {
    httpServer,
    url: `http://localhost:${port}`,
    async close() {
      // Stop accepting, tell realtime clients, let in-flight requests finish, then drop idle sockets.
      closing = true;
      clearInterval(deadlines);
      revocation.stop();
      await stopSealer();
      await stopReminders();
      await stopLive();
      const closed = new Promise<void>((ok) => httpServer.close(() => ok()));
      await yjs.close();
      await io.close();
      await redis?.close();
      httpServer.closeIdleConnections();
      const forced = setTimeout(() => httpServer.closeAllConnections(), 5_000);
      await closed;
      clearTimeout(forced);
    },
  };
}
