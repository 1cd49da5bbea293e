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
  ])("a bad value names the variable: %o", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  test("empty variables count as unset", () => {
    expect(loadConfig({ PORT: "", DATABASE_URL: "" }).port).toBe(3000);
  });
});
