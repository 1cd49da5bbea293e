// Live fan-out: N moderators' and observers' socket.io clients in one consultation's room (200, the panel size
// the live dashboard is specified for, and 500); a panellist's rating (PUT through the API) emits one
// "rating:saved" to all of them. Two latencies per delivery:
//   event → dashboard   from the server sending the event (its `at` stamp, once the rating is stored) to a client
//                       receiving it: what the live layer adds;
//   rating → dashboard  from sending the rating to a client receiving the event: the above plus the vote path.
// Baseline: a bare socket.io server broadcasting on GET /emit to the same number of clients, stamped the same way.
// The setups run interleaved, ROUNDS times each, so a change in the machine's load falls on all of them alike;
// with PostgreSQL and Redis at hand, also two instances (clients on B, the rating sent to A).
import type { Socket } from "socket.io-client";
import {
  connectWatchers,
  createBenchDb,
  httpClient,
  ms,
  now,
  postgresAvailable,
  printTable,
  ratio,
  redisAvailable,
  REDIS_URL,
  ROUNDS,
  saveResult,
  seedStudy,
  sessionCookies,
  sleep,
  startApp,
  startBare,
  summarize,
  wallClock,
  type ChildServer,
  type LatencySummary,
} from "./support.js";

const SIZES = (process.env.BENCH_FANOUT_CLIENTS ?? "200,500").split(",").map(Number);
const EVENTS = Number(process.env.BENCH_FANOUT_EVENTS ?? 20);
const TARGET_P95_MS = 100;
const TARGET_RATIO = 1.5;

/** One setup under test: its clients, and how to make it send event number e (whose itemId is keyOf(e)). */
interface Target {
  setup: string;
  sockets: Socket[];
  keyOf(e: number): string;
  send(e: number): Promise<void>;
  stop(): Promise<void>;
}

interface Samples {
  fromEmit: number[];
  fromRequest: number[];
  triggers: number[];
  lost: number;
}

/** Sends events first…first+count-1 one after another; each waits until every client got it (or 5 s). */
async function fanOut(target: Target, first: number, count: number, into: Samples) {
  let current = { key: "", start: 0, remaining: 0, done: () => {} };
  const onEvent = (event: { itemId: string; at: number }) => {
    if (event.itemId !== current.key) return;
    into.fromEmit.push(wallClock() - event.at);
    into.fromRequest.push(now() - current.start);
    if (--current.remaining === 0) current.done();
  };
  for (const socket of target.sockets) socket.on("rating:saved", onEvent);
  try {
    for (let e = first; e < first + count; e++) {
      const all = new Promise<void>((resolve) => {
        // The key is known before sending: the event may arrive before the trigger's response.
        current = { key: target.keyOf(e), start: now(), remaining: target.sockets.length, done: resolve };
      });
      await target.send(e);
      into.triggers.push(now() - current.start);
      const complete = await Promise.race([all.then(() => true), sleep(5_000).then(() => false)]);
      if (!complete) into.lost += current.remaining;
      current = { key: "", start: 0, remaining: 0, done: () => {} };
      await sleep(50);
    }
  } finally {
    for (const socket of target.sockets) socket.off("rating:saved", onEvent);
  }
}

async function bareTarget(clients: number): Promise<Target> {
  const server = await startBare("socketio");
  const sockets = await connectWatchers(server.url, "bench", new Array(clients).fill(undefined));
  const http = httpClient(server.url, 1);
  return {
    setup: "bare socket.io (baseline)",
    sockets,
    keyOf: (e) => `item-${e}`,
    send: async (e) => void (await http.send("GET", `/emit?consultation=bench&item=item-${e}`, {})),
    async stop() {
      http.close();
      for (const socket of sockets) socket.close();
      await server.stop();
    },
  };
}

async function appTarget(
  setup: string,
  clients: number,
  provider: "sqlite" | "postgresql",
  instances: 1 | 2,
): Promise<Target> {
  const t = await createBenchDb(provider);
  const servers: ChildServer[] = [];
  let sockets: Socket[] = [];
  try {
    const study = await seedStudy(t.db, { panellists: 1, observers: clients });
    const [panellist] = await sessionCookies(t.db, [study.panel[0]!.userId]);
    const cookies = await sessionCookies(
      t.db,
      study.observers.map((o) => o.userId),
    );
    const prefix = `delphi-bench-${process.pid}-${Date.now()}`;
    const env = (id: string) =>
      instances === 2 ? { REDIS_URL, REDIS_PREFIX: prefix, INSTANCE_ID: id } : ({} as Record<string, string>);
    servers.push(...(await Promise.all(["A", "B"].slice(0, instances).map((id) => startApp(t.url, env(id))))));
    const [ratingTo, clientsOn] = [servers[0]!, servers.at(-1)!];
    sockets = await connectWatchers(clientsOn.url, study.consultationId, cookies);
    const http = httpClient(ratingTo.url, 1);
    // Each event rates another item: the event's itemId tells which trigger a delivery belongs to.
    const itemOf = (e: number) => study.itemIds[e % study.itemIds.length]!;
    return {
      setup,
      sockets,
      keyOf: itemOf,
      async send(e) {
        const status = await http.send(
          "PUT",
          `/api/v1/rounds/${study.roundId}/items/${itemOf(e)}/rating`,
          { cookie: panellist!, "content-type": "application/json" },
          JSON.stringify({ value: 1 + (e % 5) }),
        );
        if (status !== 200) throw new Error(`rating refused: ${status}`);
      },
      async stop() {
        http.close();
        for (const socket of sockets) socket.close();
        await Promise.all(servers.map((s) => s.stop()));
        await t.drop();
      },
    };
  } catch (error) {
    for (const socket of sockets) socket.close();
    await Promise.all(servers.map((s) => s.stop()));
    await t.drop();
    throw error;
  }
}

interface Row {
  clients: number;
  setup: string;
  eventToDashboard: LatencySummary;
  ratingToDashboard: LatencySummary;
  trigger: LatencySummary;
  lost: number;
}

/** Runs the targets interleaved, `rounds` × EVENTS events each, and pools each target's samples. */
async function measure(clients: number, targets: Target[], rounds: number): Promise<Row[]> {
  const samples = targets.map((): Samples => ({ fromEmit: [], fromRequest: [], triggers: [], lost: 0 }));
  await sleep(500);
  for (let r = 0; r < rounds; r++)
    for (const [i, target] of targets.entries()) await fanOut(target, r * EVENTS, EVENTS, samples[i]!);
  return targets.map((target, i) => ({
    clients,
    setup: target.setup,
    eventToDashboard: summarize(samples[i]!.fromEmit),
    ratingToDashboard: summarize(samples[i]!.fromRequest),
    trigger: summarize(samples[i]!.triggers),
    lost: samples[i]!.lost,
  }));
}

async function runSize(clients: number, withPostgres: boolean): Promise<Row[]> {
  const targets: Target[] = [];
  try {
    targets.push(await bareTarget(clients), await appTarget("app, SQLite", clients, "sqlite", 1));
    if (withPostgres) targets.push(await appTarget("app, PostgreSQL", clients, "postgresql", 1));
    const rows = await measure(clients, targets, ROUNDS);
    if (!withPostgres) return rows;
    // Across instances the event also crosses Redis; measured after the others, against the same baseline run.
    const cluster = await appTarget(
      "app ×2 via Redis (rating → A, clients on B), PostgreSQL",
      clients,
      "postgresql",
      2,
    );
    try {
      return [...rows, ...(await measure(clients, [cluster], ROUNDS))];
    } finally {
      await cluster.stop();
    }
  } finally {
    for (const target of targets) await target.stop();
  }
}

export async function run() {
  const withPostgres = (await postgresAvailable()) && (await redisAvailable());
  if (!withPostgres) console.log("  (PostgreSQL or Redis unreachable: SQLite only)");
  const rows: Row[] = [];
  for (const clients of SIZES) rows.push(...(await runSize(clients, withPostgres)));
  for (const clients of SIZES) {
    const own = rows.filter((r) => r.clients === clients);
    const bare = own[0]!;
    printTable(
      `Live fan-out — 1 event to ${clients} socket.io clients, ${ROUNDS} × ${EVENTS} events per setup, interleaved ` +
        `(targets: p95 < ${TARGET_P95_MS} ms; event → dashboard within ${TARGET_RATIO}× of bare)`,
      [
        "setup",
        "deliveries",
        "event→dash p50",
        "p95",
        "p99",
        "p95 ratio",
        "rating→dash p50",
        "p95",
        "p95 ratio",
        "trigger p50",
        "lost",
      ],
      own.map((r) => [
        r.setup,
        String(r.eventToDashboard.n),
        ms(r.eventToDashboard.p50),
        ms(r.eventToDashboard.p95),
        ms(r.eventToDashboard.p99),
        ratio(r.eventToDashboard.p95, bare.eventToDashboard.p95),
        ms(r.ratingToDashboard.p50),
        ms(r.ratingToDashboard.p95),
        ratio(r.ratingToDashboard.p95, bare.ratingToDashboard.p95),
        ms(r.trigger.p50),
        String(r.lost),
      ]),
    );
  }
  return {
    file: saveResult("fanout", {
      sizes: SIZES,
      rounds: ROUNDS,
      eventsPerRound: EVENTS,
      targetP95Ms: TARGET_P95_MS,
      targetRatio: TARGET_RATIO,
      rows,
    }),
    rows,
  };
}
