// The Redis connections of one instance in multi-instance mode (REDIS_URL): one client publishes, one listens
// (a client in subscriber mode can do nothing else). socket.io's adapter and the Yjs relay share both. Rate
// limits have their own: the socket.io adapter's blocking stream reads on `pub` would hold up every request.
import { createClient, type RedisClientType } from "redis";

export type RedisClient = RedisClientType;

export interface RedisLink {
  pub: RedisClient;
  sub: RedisClient;
  /** For the rate limit counters only (server/rate-limits.ts). */
  limits: RedisClient;
  /** Namespace of every channel: `<prefix>:…`. */
  prefix: string;
  /** Tags what this instance publishes, so it can ignore its own messages. */
  instanceId: string;
  /** Called each time the subscriber is back after a lost connection: messages sent meanwhile were missed. */
  onReconnect(listener: () => void): void;
  close(): Promise<void>;
}

export interface RedisOptions {
  url: string;
  prefix: string;
  instanceId: string;
  log?: (message: string) => void;
}

const CONNECT_ATTEMPTS = 5;

/** Connects both clients; rejects when Redis cannot be reached at start, retries for ever once it was. */
export async function connectRedis(options: RedisOptions): Promise<RedisLink> {
  const { url, prefix, instanceId, log = (message) => console.error(`redis: ${message}`) } = options;
  let connected = false;
  const reconnectListeners: (() => void)[] = [];
  const pub = createClient({
    url,
    socket: {
      // At start a wrong REDIS_URL must stop the server, as a wrong DATABASE_URL does; later, keep trying.
      reconnectStrategy: (retries, cause) =>
        !connected && retries >= CONNECT_ATTEMPTS
          ? new Error(`Redis at ${url.replace(/\/\/[^@]*@/, "//…@")} unreachable: ${cause.message}`)
          : Math.min(100 * 2 ** retries, 2_000),
    },
  });
  const sub = pub.duplicate();
  const limits = pub.duplicate();
  for (const [role, client] of [
    ["publisher", pub],
    ["subscriber", sub],
    ["rate limits", limits],
  ] as const) {
    // One line per outage, not one per reconnection attempt.
    let down = false;
    client.on("error", (error: Error) => {
      if (!down && connected) log(`${role} connection lost: ${error.message}`);
      down = true;
    });
    client.on("ready", () => {
      if (!down) return;
      down = false;
      log(`${role} reconnected`);
      if (client === sub) for (const listener of reconnectListeners) listener();
    });
  }
  try {
    await Promise.all([pub.connect(), sub.connect(), limits.connect()]);
  } catch (error) {
    for (const client of [pub, sub, limits]) client.destroy();
    throw error;
  }
  connected = true;
  return {
    pub,
    sub,
    limits,
    prefix,
    instanceId,
    onReconnect: (listener) => void reconnectListeners.push(listener),
    async close() {
      await Promise.all([pub, sub, limits].map((client) => (client.isOpen ? client.close() : undefined)));
    },
  };
}
