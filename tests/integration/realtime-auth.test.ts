// The websocket endpoints on the app's port refuse anonymous upgrades and serve signed-in users.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { io as ioClient } from "socket.io-client";
import WebSocket from "ws";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import type { RunningApp } from "../../server/app.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { createTestUser, login, startTestApp } from "../support/server.js";

/** The status of a refused websocket upgrade, or "open" when it was accepted. */
function upgrade(url: string, headers: Record<string, string> = {}): Promise<number | "open"> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on("open", () => {
      ws.close();
      resolve("open");
    });
    ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
    ws.on("error", reject);
  });
}

/** A WebSocket class for y-websocket that sends the session cookie, as a browser would. */
const withCookie = (cookie: string) =>
  class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  };

describe.each(providers)("websocket authentication on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let cookie: string;
  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    const user = await createTestUser(t);
    cookie = await login(app, user.email, user.password);
  });
  afterAll(async () => {
    await app.close();
    await t.drop();
  });

  const wsUrl = (path: string) => app.url.replace("http", "ws") + path;

  test("an unauthenticated upgrade on /yjs/ is refused with 401", async () => {
    expect(await upgrade(wsUrl("/yjs/some-doc"))).toBe(401);
    expect(await upgrade(wsUrl("/yjs/some-doc"), { cookie: "delphi_session=forged" })).toBe(401);
  });

  test("an unauthenticated upgrade on /socket.io is refused", async () => {
    const status = await upgrade(wsUrl("/socket.io/?EIO=4&transport=websocket"));
    expect(status).not.toBe("open");
    expect(status).toBeGreaterThanOrEqual(400);
    const polling = await fetch(`${app.url}/socket.io/?EIO=4&transport=polling`);
    expect(polling.status).toBe(403);
  });

  test("socket.io refuses an anonymous client and accepts a signed-in one", async () => {
    const anonymous = ioClient(app.url, { transports: ["websocket"], reconnection: false });
    const refused = await new Promise<string>((resolve) => anonymous.on("connect_error", (e) => resolve(e.message)));
    expect(refused).toBeTruthy();
    anonymous.close();

    const client = ioClient(app.url, { transports: ["websocket"], reconnection: false, extraHeaders: { cookie } });
    await new Promise<void>((resolve, reject) => {
      client.on("connect", resolve);
      client.on("connect_error", reject);
    });
    expect(client.connected).toBe(true);
    client.close();
  });

  test("two signed-in Yjs clients on the same document see each other's edits", async () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const opts = { WebSocketPolyfill: withCookie(cookie) as never, disableBc: true };
    const pa = new WebsocketProvider(wsUrl("/yjs"), "rationale-test", a, opts);
    const pb = new WebsocketProvider(wsUrl("/yjs"), "rationale-test", b, opts);
    try {
      await Promise.all([pa, pb].map((p) => new Promise<void>((r) => (p.synced ? r() : p.once("sync", () => r())))));
      a.getText("body").insert(0, "Agreement depends on ");
      await vi.waitFor(() => expect(b.getText("body").toString()).toBe("Agreement depends on "), { timeout: 5000 });
      b.getText("body").insert(b.getText("body").length, "reimbursement.");
      await vi.waitFor(() => expect(a.getText("body").toString()).toBe("Agreement depends on reimbursement."), {
        timeout: 5000,
      });
    } finally {
      pa.destroy();
      pb.destroy();
    }
  });

  test("an upgrade to an unknown path is closed", async () => {
    await expect(upgrade(wsUrl("/elsewhere"))).rejects.toThrow();
  });
});
