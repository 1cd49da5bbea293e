// The websocket endpoints on the app's port refuse anonymous upgrades and serve signed-in users.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { io as ioClient } from "socket.io-client";
import WebSocket from "ws";
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

  test("a signed-in user is refused a document they have no part in (403), so names cannot be probed", async () => {
    expect(await upgrade(wsUrl("/yjs/rationale.not-an-item"), { cookie })).toBe(403);
    expect(await upgrade(wsUrl("/yjs/free-form-name"), { cookie })).toBe(403);
  });

  test("an upgrade to an unknown path is closed", async () => {
    await expect(upgrade(wsUrl("/elsewhere"))).rejects.toThrow();
  });
});
