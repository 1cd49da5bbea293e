// Rate limits with rate-limiter-flexible: fixed windows counted in Redis when several instances run
// (REDIS_URL), so attempts spread over instances are limited as one; in memory for a single instance.
// Why this package and not express-rate-limit: docs/decisions/rate-limits.md.
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { createHash } from "node:crypto";
import type { RedisClient } from "./realtime/redis.js";

export interface LimitRule {
  /** Attempts allowed per window. */
  points: number;
  /** Window length in seconds. */
  duration: number;
}

export interface LimitStore {
  client: RedisClient;
  /** Namespace of the keys: `<prefix>:rl:<name>:<key>`. */
  prefix: string;
}

// Keys are bearer tokens, emails and addresses: Redis (and a memory dump) only ever holds their hashes.
const hashed = (key: string) => createHash("sha256").update(key).digest("base64url");

const secondsBefore = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/** One limit (login attempts per address, API calls per user…): a count per key and window. */
export class Limiter {
  private readonly counter: RateLimiterAbstract;

  constructor(
    readonly name: string,
    readonly rule: LimitRule,
    store?: LimitStore,
  ) {
    const memory = new RateLimiterMemory({ ...rule, keyPrefix: name });
    this.counter = store
      ? new RateLimiterRedis({
          ...rule,
          storeClient: store.client,
          useRedisPackage: true,
          keyPrefix: `${store.prefix}:rl:${name}`,
          // While Redis is unreachable each instance counts for itself instead of every request waiting on it.
          rejectIfRedisNotReady: true,
          insuranceLimiter: memory,
        })
      : memory;
  }

  /** Counts one attempt: 0 when it is within the limit, else the seconds to wait. */
  async take(key: string): Promise<number> {
    try {
      await this.counter.consume(hashed(key));
      return 0;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return secondsBefore(rejection);
      throw rejection;
    }
  }

  /** Gives back the attempt `take` counted (one that turned out to be a success, when only failures count). */
  async refund(key: string): Promise<void> {
    await this.counter.reward(hashed(key), 1);
  }
}

export interface RateLimits {
  login: Limiter;
  invitation: Limiter;
  api: Limiter;
  /** Failed logins per account, whichever address they come from (server/auth.ts). */
  account: Limiter;
  /** "Email me a sign-in link" requests per address (app/models/panel.server.ts). */
  signInLink: Limiter;
}

export function createRateLimits(store?: LimitStore): RateLimits {
  return {
    // Password guessing: 20 failed attempts a minute per address.
    login: new Limiter("login", { points: 20, duration: 60 }, store),
    // Invitation tokens are 256-bit, but redemption is still an unauthenticated guess surface. Only
    // failed redemptions count: a whole panel redeeming at once from one office network must not be blocked.
    invitation: new Limiter("invitation", { points: 30, duration: 60 }, store),
    // Generous for scripted studies (a panellist rating 150 items in a burst), bounded for runaway clients.
    api: new Limiter("api", { points: 3000, duration: 60 }, store),
    // Guessing one account's password from many addresses: 10 failed attempts per 15 minutes per email,
    // counted for unknown emails too so the limit does not reveal which accounts exist.
    account: new Limiter("account", { points: 10, duration: 15 * 60 }, store),
    // Per address, known or not, so the limit itself does not tell which addresses have accounts.
    signInLink: new Limiter("sign-in-link", { points: 3, duration: 15 * 60 }, store),
  };
}
