// Keeps the event loop coming round under a saturating load, so a person opening the site is answered while a
// whole panel autosaves. Node serves, in each turn of its event loop, every request that has arrived, and
// accepts ONE new connection per turn (libuv ≥ 1.45, libuv/libuv#3696): 200 busy connections at ~1 ms each
// make turns of 200 ms, and a new connection waits in the kernel's accept queue for seconds (measured in
// bench/rating.ts, docs/performance.md). Here requests start at most `perTurn` per turn — adapted so a turn
// stays near `targetTurnMs` — and wait their turn in order; the first request of a new connection goes first.
// Below saturation nothing waits: requests start at once, as before.
import { performance } from "node:perf_hooks";
import type { Socket } from "node:net";
import type { RequestHandler } from "express";

export function fairTurns(options: { targetTurnMs?: number } = {}): RequestHandler {
  const target = options.targetTurnMs ?? 5;
  let perTurn = 32;
  let started = 0;
  let turnStart = 0;
  let turnScheduled = false;
  // New connections' first requests, then the others; each in arrival order.
  const fresh: (() => void)[] = [];
  const waiting: (() => void)[] = [];
  const queued = () => fresh.length + waiting.length;
  const served = new WeakSet<Socket>();

  const beginTurn = () => {
    turnScheduled = true;
    turnStart = performance.now();
    setImmediate(endTurn);
  };
  // In the check phase, after the turn's I/O: adapt to how long the turn took, then start who waits.
  const endTurn = () => {
    turnScheduled = false;
    const took = performance.now() - turnStart;
    perTurn = took > target ? Math.max(2, Math.floor(perTurn * 0.7)) : Math.min(1024, perTurn + 2);
    started = 0;
    if (!queued()) return;
    beginTurn();
    while (queued() && started < perTurn) {
      started++;
      (fresh.shift() ?? waiting.shift()!)();
    }
  };

  return (req, _res, next) => {
    const first = !served.has(req.socket);
    served.add(req.socket);
    if (!turnScheduled) beginTurn();
    if (!queued() && started < perTurn) {
      started++;
      return next();
    }
    (first ? fresh : waiting).push(next);
  };
}
