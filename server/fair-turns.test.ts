import type { Socket } from "node:net";
import type { NextFunction, Request, Response } from "express";
import { describe, expect, test } from "vitest";
import { fairTurns } from "./fair-turns.js";

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

function harness() {
  const middleware = fairTurns({ targetTurnMs: 1_000 });
  const started: string[] = [];
  const send = (name: string, socket: object) =>
    middleware({ socket: socket as Socket } as Request, {} as Response, (() => started.push(name)) as NextFunction);
  return { started, send };
}

describe("fair turns", () => {
  test("below saturation every request starts at once", () => {
    const { started, send } = harness();
    for (let i = 0; i < 10; i++) send(`r${i}`, {});
    expect(started).toHaveLength(10);
  });

  test("past the per-turn allowance requests wait for the next turn, in order", async () => {
    const { started, send } = harness();
    const busy = Array.from({ length: 40 }, () => ({}));
    busy.forEach((socket, i) => send(`r${i}`, socket));
    expect(started).toHaveLength(32);
    await nextTurn();
    expect(started).toEqual(busy.map((_, i) => `r${i}`));
  });

  test("a new connection's first request goes before busy connections' waiting requests", async () => {
    const { started, send } = harness();
    const busy = Array.from({ length: 32 }, () => ({}));
    busy.forEach((socket, i) => send(`first${i}`, socket));
    // The same connections again (autosaving), then a person opening the site.
    busy.forEach((socket, i) => send(`again${i}`, socket));
    send("newcomer", {});
    await nextTurn();
    expect(started.slice(32, 34)).toEqual(["newcomer", "again0"]);
  });
});
