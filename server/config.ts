// Server configuration from the environment, validated once at start-up: a bad value stops
// the process with one line naming the variable, instead of failing later in a request.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { z } from "zod";

const port = z.coerce
  .number({ error: "expected a number" })
  .int({ error: "expected an integer" })
  .min(0, { error: "expected 0–65535" })
  .max(65535, { error: "expected 0–65535" });

const databaseUrl = z.string().refine((url) => /^file:.+/.test(url) || /^postgres(ql)?:\/\/.+/.test(url), {
  error: "expected file:<path> (SQLite) or postgresql://… (PostgreSQL)",
});

const redisUrl = z.string().refine((url) => /^rediss?:\/\/.+/.test(url), {
  error: "expected redis://host:6379 or rediss://… (TLS)",
});

// Names go into Redis channel names and log lines: keep them short and unambiguous.
const redisName = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, { error: "expected 1–64 of A–Z a–z 0–9 . _ -" });

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"], { error: "expected true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");

const envSchema = z.object({
  NODE_ENV: z
    .enum(["development", "production", "test"], { error: "expected development, production or test" })
    .default("production"),
  PORT: port.default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: databaseUrl.default("file:./data/delphi.db"),
  PUBLIC_URL: z.url({ error: "expected an absolute URL such as https://delphi.example.org" }).optional(),
  SESSION_SECRET: z.string().min(32, { error: "expected at least 32 characters" }).optional(),
  SEED_DEMO: bool.default(true),
  LOG_LEVEL: z.enum(["silent", "info", "debug"], { error: "expected silent, info or debug" }).default("info"),
  REDIS_URL: redisUrl.optional(),
  SMTP_URL: z
    .string()
    .refine((url) => /^smtps?:\/\/.+/.test(url), { error: "expected smtp://user:password@host:port or smtps://…" })
    .optional(),
  MAIL_FROM: z.email({ error: "expected an email address" }).default("delphi-mlm@localhost"),
  REDIS_PREFIX: redisName.default("delphi"),
  INSTANCE_ID: redisName.optional(),
  // Which proxies in front of us may name the client's address (X-Forwarded-For), as Express reads it:
  // a hop count or addresses/subnets. Unset: nobody, the socket's address is the client's.
  TRUST_PROXY: z
    .string()
    .regex(
      /^(\d{1,2}|(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?))*)$/,
      {
        error: "expected a number of proxy hops (1) or addresses/subnets (loopback, 10.0.0.0/8, …)",
      },
    )
    .optional(),
});

export interface Config {
  env: "development" | "production" | "test";
  port: number;
  host: string;
  databaseUrl: string;
  publicUrl: string;
  /** Cookies get the Secure flag when the public URL is https. */
  secureCookies: boolean;
  sessionSecret?: string;
  seedDemo: boolean;
  logLevel: "silent" | "info" | "debug";
  /** Outbox delivery by SMTP; without it messages are written to the log (server/mail.ts). */
  smtpUrl?: string;
  mailFrom: string;
  /** Set when several instances share the load: socket.io events and Yjs edits cross between them. */
  redisUrl?: string;
  /** Namespace of every Redis channel and key, so several deployments (or test runs) can share one Redis. */
  redisPrefix: string;
  /** This process among the instances; tags what it publishes so it can ignore its own messages. */
  instanceId: string;
  /** Express's `trust proxy`: false, a hop count, or the proxies' addresses. */
  trustProxy: false | number | string;
}

export class ConfigError extends Error {}

/** Unique per process, readable in logs: `<host>-<pid>-<random>`. */
function defaultInstanceId(): string {
  const host = hostname()
    .replace(/[^A-Za-z0-9._-]/g, "-")
    .slice(0, 40);
  return `${host}-${process.pid}-${randomBytes(3).toString("hex")}`;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty variables count as unset, as in most deployment tools.
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(defined);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    throw new ConfigError(`Invalid environment variable ${name}=${JSON.stringify(env[name] ?? "")}: ${issue.message}`);
  }
  const e = parsed.data;
  if (e.REDIS_URL && !/^postgres(ql)?:\/\//.test(e.DATABASE_URL))
    // Instances must share one database: each SQLite file would be a separate study.
    throw new ConfigError(
      `Invalid environment variable REDIS_URL=${JSON.stringify(env.REDIS_URL)}: several instances need a shared PostgreSQL DATABASE_URL, not SQLite`,
    );
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, "");
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    publicUrl,
    secureCookies: publicUrl.startsWith("https://"),
    sessionSecret: e.SESSION_SECRET,
    seedDemo: e.SEED_DEMO,
    logLevel: e.LOG_LEVEL,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    instanceId: e.INSTANCE_ID ?? defaultInstanceId(),
    trustProxy:
      e.TRUST_PROXY === undefined ? false : /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY,
  };
}
