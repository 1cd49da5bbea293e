// socket.io connection state recovery: a moderator whose connection drops for a moment gets the events sent
// meanwhile when it comes back, and a recovered connection keeps only the rooms its membership still allows.
// (Across two instances through Redis: tests/integration/cluster.test.ts.)
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { io as ioClient, type Socket } from "socket.io-client";
import type { RunningApp } from "../../server/app.js";
import type { LiveEvent } from "../../app/models/events.js";
import { api, type Caller } from "../support/api.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { buildRoleWorld, type RoleWorld } from "../support/roles.js";
import { startTestApp } from "../support/server.js";

type RatingSaved = Extract<LiveEvent, { type: "rating:saved" }> & { at: number };

const waitFor = <T>(check: () => T | Promise<T>, timeout = 10_000) => vi.waitFor(check, { timeout, interval: 25 });

describe.each(providers)("socket.io connection state recovery on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let world: RoleWorld;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    world = await buildRoleWorld(t, app, { panellists: 2 });
  }, 120_000);
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await app?.close();
    await t?.drop();
  });

  /** A signed-in client in the consultation's rooms, recording the ratings it hears of. */
  async function watcher(caller: Caller) {
    const socket = ioClient(app.url, {
      transports: ["websocket"],
      reconnection: false,
      extraHeaders: { cookie: caller.cookie! },
    });
    sockets.push(socket);
    const heard: RatingSaved[] = [];
    socket.on("rating:saved", (event: RatingSaved) => heard.push(event));
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    expect(await socket.emitWithAck("consultation:join", { consultationId: world.consultationId })).toEqual({
      ok: true,
    });
    return { socket, heard };
  }

  /** The connection drops (as a network outage does: no goodbye), then the client connects again. */
  async function dropThenReconnect(socket: Socket, whileAway: () => Promise<void>) {
    socket.io.engine.close();
    await waitFor(() => expect(socket.connected).toBe(false));
    await whileAway();
    socket.connect();
    await waitFor(() => expect(socket.connected).toBe(true));
  }

  const rate = async (who: number, item: number, value: number) => {
    const { id, itemIds } = world.openRound;
    const res = await api(app, "PUT", `/rounds/${id}/items/${itemIds[item]}/rating`, world.panel[who]!, { value });
    expect(res.status).toBe(200);
  };

  test("events sent while a moderator's connection was down arrive when it is back, in order", async () => {
    const { socket, heard } = await watcher(world.callers.moderator);
    await rate(0, 0, 2);
    await waitFor(() => expect(heard).toHaveLength(1));

    await dropThenReconnect(socket, async () => {
      await rate(0, 1, 3);
      await rate(1, 1, 4);
      expect(heard).toHaveLength(1);
    });
    expect(socket.recovered).toBe(true);
    await waitFor(() => expect(heard).toHaveLength(3));
    const { itemIds } = world.openRound;
    expect(heard.map((e) => [e.itemId, e.ratedCount])).toEqual([
      [itemIds[0], 1],
      [itemIds[1], 1],
      [itemIds[1], 2],
    ]);
    // Each message says when the server sent it.
    for (const event of heard) expect(Math.abs(event.at - Date.now())).toBeLessThan(60_000);

    // Still in the room afterwards: live events keep coming without joining again.
    await rate(0, 2, 5);
    await waitFor(() => expect(heard).toHaveLength(4));
  });

  test("a recovered connection leaves the moderators' room once its observer role is gone", async () => {
    const moderator = await watcher(world.callers.moderator);
    const observer = await watcher(world.callers.observer);
    const member = { consultationId: world.consultationId, userId: world.people.observer.userId };
    // socket.io recovers a connection from the last event it delivered: the observer has heard one.
    await rate(1, 0, 3);
    await waitFor(() => expect(observer.heard).toHaveLength(1));
    await dropThenReconnect(observer.socket, async () => {
      await t.db.member.update({
        where: { consultationId_userId: member },
        data: { role: "panellist" },
      });
    });
    expect(observer.socket.recovered).toBe(true);
    try {
      const before = observer.heard.length;
      await rate(1, 2, 1);
      expect(observer.socket.connected).toBe(true);
      // The moderator hears it; once it has, the former observer would have too.
      await waitFor(() => expect(moderator.heard.at(-1)?.ratedCount).toBe(2));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(observer.heard.length).toBe(before);
    } finally {
      await t.db.member.update({ where: { consultationId_userId: member }, data: { role: "observer" } });
    }
  });
});
