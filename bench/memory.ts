// Memory: resident set size of the server process with 1,000 idle socket.io clients (signed in, joined to their
// consultation's room) vs. with none, for the app and for a bare socket.io server in the same run.
import {
  connectWatchers,
  createBenchDb,
  mb,
  printTable,
  saveResult,
  seedStudy,
  sessionCookies,
  sleep,
  startApp,
  startBare,
  type ChildServer,
} from "./support.js";

const CLIENTS = Number(process.env.BENCH_MEMORY_CLIENTS ?? 1_000);
const SETTLE_MS = 3_000;

/** Memory at rest (after a warm-up), then with CLIENTS connected and idle; each read after a full GC. */
async function measure(setup: string, server: ChildServer, consultationId: string, cookies: (string | undefined)[]) {
  // Warm-up: the connection and join paths run once before the baseline is read.
  for (const socket of await connectWatchers(server.url, consultationId, cookies.slice(0, 20))) socket.close();
  await sleep(SETTLE_MS);
  const idle = await server.memoryAfterGc();
  const sockets = await connectWatchers(server.url, consultationId, cookies);
  await sleep(SETTLE_MS);
  const connected = await server.memoryAfterGc();
  for (const socket of sockets) socket.close();
  return {
    setup,
    clients: sockets.length,
    idle,
    connected,
    perClientBytes: (connected.rss - idle.rss) / sockets.length,
    perClientHeapBytes: (connected.heapUsed - idle.heapUsed) / sockets.length,
  };
}

export async function run() {
  const rows = [];
  const bare = await startBare("socketio", { inspect: true });
  try {
    rows.push(await measure("bare socket.io (baseline)", bare, "bench", new Array(CLIENTS).fill(undefined)));
  } finally {
    await bare.stop();
  }
  const t = await createBenchDb("sqlite");
  try {
    const study = await seedStudy(t.db, { panellists: 1, observers: CLIENTS });
    const cookies = await sessionCookies(
      t.db,
      study.observers.map((o) => o.userId),
    );
    const server = await startApp(t.url, {}, { inspect: true });
    try {
      rows.push(await measure("app, SQLite", server, study.consultationId, cookies));
    } finally {
      await server.stop();
    }
  } finally {
    await t.drop();
  }
  printTable(
    `Memory — server process with ${CLIENTS} idle socket.io clients vs. none (after a full GC)`,
    [
      "server",
      "RSS, no clients",
      `RSS, ${CLIENTS} clients`,
      "per client",
      "JS heap, no clients",
      `JS heap, ${CLIENTS}`,
      "per client",
    ],
    rows.map((r) => [
      r.setup,
      `${mb(r.idle.rss)} MB`,
      `${mb(r.connected.rss)} MB`,
      `${(r.perClientBytes / 1024).toFixed(1)} KB`,
      `${mb(r.idle.heapUsed)} MB`,
      `${mb(r.connected.heapUsed)} MB`,
      `${(r.perClientHeapBytes / 1024).toFixed(1)} KB`,
    ]),
  );
  return { file: saveResult("memory", { clients: CLIENTS, rows }), rows };
}
