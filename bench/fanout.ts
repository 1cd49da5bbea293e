// Live fan-out: 500 moderators' and observers' socket.io clients in one consultation room; a panellist's rating
// (PUT through the API) emits one "rating:saved" to all of them. Delivery latency = from sending the rating to
// each client receiving the event. Baseline: a bare socket.io server broadcasting on GET /emit, same clients.
// With PostgreSQL and Redis at hand, also across two instances: clients on B, the rating sent to A.
import { io as ioClient, type Socket } from "socket.io-client";
import {
  createBenchDb,
  httpClient,
  ms,
  now,
  postgresAvailable,
  printTable,
  ratio,
  redisAvailable,
  REDIS_URL,
  saveResult,
  seedStudy,
  sessionCookies,
  sleep,
  startApp,
  startBare,
  summarize,
  type ChildServer,
  type LatencySummary,
} from "./support.js";

const CLIENTS = Number(process.env.BENCH_FANOUT_CLIENTS ?? 500);
const EVENTS = Number(process.env.BENCH_FANOUT_EVENTS ?? 20);
const TARGET_P95_MS = 100;

async function connectAll(url: string, consultationId: string, cookies: (string | undefined)[]): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < cookies.length; i += 50)
    sockets.push(
      ...(await Promise.all(
        cookies.slice(i, i + 50).map(async (cookie) => {
          const socket = ioClient(url, {
            transports: ["websocket"],
            reconnection: false,
            forceNew: true,
            extraHeaders: cookie ? { cookie } : {},
          });
          await new Promise<void>((resolve, reject) => {
            socket.once("connect", resolve);
            socket.once("connect_error", reject);
          });
          const joined = await socket.emitWithAck("consultation:join", { consultationId });
          if (!joined?.ok) throw new Error(`join refused: ${JSON.stringify(joined)}`);
          return socket;
        }),
      )),
    );
  return sockets;
}

/**
 * Sends EVENTS triggers one after another; each waits until every client got its event (or 5 s). `keyOf(e)` is
 * the itemId event e carries: known before sending, as the event may arrive before the trigger's response.
 */
async function fanOut(sockets: Socket[], keyOf: (event: number) => string, send: (event: number) => Promise<void>) {
  const deliveries: number[] = [];
  const triggers: number[] = [];
  let lost = 0;
  let current = { key: "", start: 0, remaining: 0, done: () => {} };
  for (const socket of sockets)
    socket.on("rating:saved", (event: { itemId: string }) => {
      if (event.itemId !== current.key) return;
      deliveries.push(now() - current.start);
      if (--current.remaining === 0) current.done();
    });
  for (let e = 0; e < EVENTS; e++) {
    const all = new Promise<void>((resolve) => {
      current = { key: keyOf(e), start: now(), remaining: sockets.length, done: resolve };
    });
    await send(e);
    triggers.push(now() - current.start);
    const complete = await Promise.race([all.then(() => true), sleep(5_000).then(() => false)]);
    if (!complete) lost += current.remaining;
    current = { key: "", start: 0, remaining: 0, done: () => {} };
    await sleep(50);
  }
  return { delivery: summarize(deliveries), trigger: summarize(triggers), lost };
}

interface Row {
  setup: string;
  delivery: LatencySummary;
  trigger: LatencySummary;
  lost: number;
}

async function appRun(setup: string, provider: "sqlite" | "postgresql", instances: 1 | 2): Promise<Row> {
  const t = await createBenchDb(provider);
  const servers: ChildServer[] = [];
  let sockets: Socket[] = [];
  try {
    const study = await seedStudy(t.db, { panellists: 1, observers: CLIENTS });
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
    sockets = await connectAll(clientsOn.url, study.consultationId, cookies);
    await sleep(500);
    const http = httpClient(ratingTo.url, 1);
    try {
      // Each event rates another item: the event's itemId tells which trigger a delivery belongs to.
      const itemOf = (e: number) => study.itemIds[e % study.itemIds.length]!;
      const result = await fanOut(sockets, itemOf, async (e) => {
        const status = await http.send(
          "PUT",
          `/api/v1/rounds/${study.roundId}/items/${itemOf(e)}/rating`,
          { cookie: panellist!, "content-type": "application/json" },
          JSON.stringify({ value: 1 + (e % 5) }),
        );
        if (status !== 200) throw new Error(`rating refused: ${status}`);
      });
      return { setup, ...result };
    } finally {
      http.close();
    }
  } finally {
    for (const socket of sockets) socket.close();
    await Promise.all(servers.map((s) => s.stop()));
    await t.drop();
  }
}

async function bareRun(): Promise<Row> {
  const server = await startBare("socketio");
  let sockets: Socket[] = [];
  try {
    sockets = await connectAll(server.url, "bench", new Array(CLIENTS).fill(undefined));
    await sleep(500);
    const http = httpClient(server.url, 1);
    try {
      const result = await fanOut(
        sockets,
        (e) => `item-${e}`,
        async (e) => void (await http.send("GET", `/emit?consultation=bench&item=item-${e}`, {})),
      );
      return { setup: "bare socket.io (baseline)", ...result };
    } finally {
      http.close();
    }
  } finally {
    for (const socket of sockets) socket.close();
    await server.stop();
  }
}

export async function run() {
  const rows: Row[] = [await bareRun(), await appRun("app, SQLite", "sqlite", 1)];
  if ((await postgresAvailable()) && (await redisAvailable()))
    rows.push(
      // The same database without Redis, to tell the cost of PostgreSQL from the cost of the hop through Redis.
      await appRun("app, PostgreSQL", "postgresql", 1),
      await appRun("app ×2 via Redis (rating → A, clients on B), PostgreSQL", "postgresql", 2),
    );
  else console.log("  (PostgreSQL or Redis unreachable: no two-instance run)");
  const [bare] = rows;
  printTable(
    `Live fan-out — 1 event to ${CLIENTS} socket.io clients, ${EVENTS} events (target: p95 < ${TARGET_P95_MS} ms, within 1.5× of bare)`,
    ["setup", "p50 ms", "p95 ms", "p99 ms", "max ms", "p95 ratio", "trigger p50 ms", "lost"],
    rows.map((r) => [
      r.setup,
      ms(r.delivery.p50),
      ms(r.delivery.p95),
      ms(r.delivery.p99),
      ms(r.delivery.max),
      ratio(r.delivery.p95, bare!.delivery.p95),
      ms(r.trigger.p50),
      String(r.lost),
    ]),
  );
  return { file: saveResult("fanout", { clients: CLIENTS, events: EVENTS, targetP95Ms: TARGET_P95_MS, rows }), rows };
}
