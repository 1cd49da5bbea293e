import { describe, expect, test } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

describe("loadConfig", () => {
  test("defaults to port 3000 and the embedded SQLite database", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      databaseUrl: "file:./data/delphi.db",
      publicUrl: "http://localhost:3000",
      secureCookies: false,
      seedDemo: true,
    });
  });

  test("accepts PostgreSQL and an https public URL (secure cookies)", () => {
    const c = loadConfig({
      DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/delphi",
      PUBLIC_URL: "https://delphi.example.org/",
      PORT: "8080",
    });
    expect(c).toMatchObject({ port: 8080, publicUrl: "https://delphi.example.org", secureCookies: true });
  });

  test.each([
    [{ PORT: "abc" }, /^Invalid environment variable PORT="abc": expected a number$/],
    [{ PORT: "70000" }, /PORT="70000": expected 0–65535/],
    [{ DATABASE_URL: "mysql://x" }, /DATABASE_URL="mysql:\/\/x": expected file:<path> \(SQLite\) or postgresql/],
    [{ PUBLIC_URL: "not a url" }, /PUBLIC_URL="not a url": expected an absolute URL/],
    [{ SESSION_SECRET: "short" }, /SESSION_SECRET="short": expected at least 32 characters/],
    [{ SEED_DEMO: "maybe" }, /SEED_DEMO="maybe": expected true or false/],
    [{ REDIS_URL: "127.0.0.1:6379" }, /REDIS_URL="127.0.0.1:6379": expected redis:\/\/host:6379/],
    [{ INSTANCE_ID: "a b" }, /INSTANCE_ID="a b": expected 1–64 of/],
    [{ REDIS_PREFIX: "x:y" }, /REDIS_PREFIX="x:y": expected 1–64 of/],
  ])("a bad value names the variable: %o", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  test("without REDIS_URL the instance runs alone, with a unique instance id all the same", () => {
    const [a, b] = [loadConfig({}), loadConfig({})];
    expect(a.redisUrl).toBeUndefined();
    expect(a.redisPrefix).toBe("delphi");
    expect(a.instanceId).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
    expect(a.instanceId).not.toBe(b.instanceId);
  });

  test("REDIS_URL with a shared PostgreSQL database turns on multi-instance mode", () => {
    const c = loadConfig({
      DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/delphi",
      REDIS_URL: "redis://127.0.0.1:6379",
      REDIS_PREFIX: "delphi-staging",
      INSTANCE_ID: "web-1",
    });
    expect(c).toMatchObject({ redisUrl: "redis://127.0.0.1:6379", redisPrefix: "delphi-staging", instanceId: "web-1" });
    expect(loadConfig({ DATABASE_URL: "postgres://db/delphi", REDIS_URL: "rediss://cache:6380" }).redisUrl).toBe(
      "rediss://cache:6380",
    );
  });

  test("REDIS_URL is refused with SQLite: instances must share one database", () => {
    expect(() => loadConfig({ REDIS_URL: "redis://127.0.0.1:6379" })).toThrow(
      /^Invalid environment variable REDIS_URL="redis:\/\/127.0.0.1:6379": several instances need a shared PostgreSQL DATABASE_URL/,
    );
  });

  test("SMTP_URL must be an smtp:// address", () => {
    expect(() => loadConfig({ SMTP_URL: "mail.example.org" })).toThrow(
      /^Invalid environment variable SMTP_URL="mail.example.org": expected smtp:/,
    );
    expect(loadConfig({ SMTP_URL: "smtp://u:p@mail.example.org:587" })).toMatchObject({
      smtpUrl: "smtp://u:p@mail.example.org:587",
      mailFrom: "delphi-mlm@localhost",
    });
  });

  test("empty variables count as unset", () => {
    expect(loadConfig({ PORT: "", DATABASE_URL: "" }).port).toBe(3000);
  });
});
