// Real-Time Delphi at scale: 500 panellists of one real-time round connected over socket.io, 50 of them revising
// the same item at once; the server's tick publishes the group's figures and emits "live:figures" to the room.
// Two latencies per connected panellist and publication:
//   publish → event     from the server sending the event (its `at` stamp) to the client receiving it;
//   publish → screen    the same, plus the refetch a page does on that event (its loaders as single fetch's
//                       `.data`, the voting view's first part): what a panellist waits before the new figures show.
// The tick batches by design (every 2 s, docs/decisions/realtime-delphi.md); its wait is not counted.
// Baseline: a bare socket.io server broadcasting to as many clients, stamped the same way (event only).
import type { Socket } from "socket.io-client";
import {
  connectWatchers,
  createBenchDb,
  httpClient,
  ms,
  printTable,
  ratio,
  ROUNDS,
  saveResult,
  seedStudy,
  sessionCookies,
  sleep,
  startApp,
  startBare,
  summarize,
  wallClock,
} from "./support.js";

const CLIENTS = Number(process.env.BENCH_REALTIME_CLIENTS ?? 500);
const REVISERS = Number(process.env.BENCH_REALTIME_REVISERS ?? 50);
const TARGET_P95_MS = 200;

async function bare(rounds: number) {
  const server = await startBare("socketio");
  const sockets = await connectWatchers(server.url, "bench", new Array(CLIENTS).fill(undefined));
  const http = httpClient(server.url, 1);
  const samples: number[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      let remaining = sockets.length;
      const all = new Promise<void>((resolve) => {
        const onEvent = (event: { at: number }) => {
          samples.push(wallClock() - event.at);
          if (--remaining === 0) resolve();
        };
        for (const s of sockets) s.once("rating:saved", onEvent);
      });
      await http.send("GET", `/emit?consultation=bench&item=item-${r}`, {});
      await Promise.race([all, sleep(5_000)]);
      await sleep(200);
    }
  } finally {
    http.close();
    for (const s of sockets) s.close();
    await server.stop();
  }
  return { event: summarize(samples) };
}

async function app(rounds: number) {
  const t = await createBenchDb("sqlite");
  const study = await seedStudy(t.db, { panellists: CLIENTS });
  // The seeded round becomes a real-time window (what createConsultation does for design "realtime").
  await t.db.consultation.update({ where: { id: study.consultationId }, data: { design: "realtime" } });
  await t.db.round.update({
    where: { id: study.roundId },
    data: { kind: "realtime", deadline: new Date(Date.now() + 3_600_000) },
  });
  const cookies = await sessionCookies(
    t.db,
    study.panel.map((p) => p.userId),
  );
  const server = await startApp(t.url);
  let sockets: Socket[] = [];
  const writes = httpClient(server.url, REVISERS);
  const reads = httpClient(server.url, 50);
  const event: number[] = [];
  const screen: number[] = [];
  const item = study.itemIds[0]!;
  try {
    sockets = await connectWatchers(server.url, study.consultationId, cookies);
    for (let r = 0; r < rounds; r++) {
      let remaining = sockets.length;
      const all = new Promise<void>((resolve) => {
        sockets.forEach((s, i) => {
          s.once("live:figures", (e: { at: number }) => {
            event.push(wallClock() - e.at);
            // The page's reaction to the event: its data again, then the new figures are on screen.
            void reads
              .send("GET", `/consultations/${study.consultationId}/rounds/1.data`, { cookie: cookies[i]! })
              .then(() => {
                screen.push(wallClock() - e.at);
                if (--remaining === 0) resolve();
              });
          });
        });
      });
      // REVISERS panellists revise the same item at once: enough changes for the release rule.
      const statuses = await Promise.all(
        cookies.slice(0, REVISERS).map((cookie, k) =>
          writes.send(
            "PUT",
            `/api/v1/rounds/${study.roundId}/items/${item}/rating`,
            { cookie, "content-type": "application/json" },
            // A different distribution each round: an unchanged one publishes nothing (by design).
            JSON.stringify({ value: 1 + ((k + r) % (2 + (r % 4))) }),
          ),
        ),
      );
      if (statuses.some((s) => s !== 200)) throw new Error(`revisions refused: ${statuses.join(",")}`);
      await Promise.race([all, sleep(15_000)]);
      for (const s of sockets) s.off("live:figures");
    }
  } finally {
    writes.close();
    reads.close();
    for (const s of sockets) s.close();
    await server.stop();
    await t.drop();
  }
  return { event: summarize(event), screen: summarize(screen) };
}

export async function run() {
  const rounds = ROUNDS;
  const baseline = await bare(rounds);
  const measured = await app(rounds);
  printTable(
    `Real-Time Delphi — ${CLIENTS} panellists connected, ${REVISERS} revising one item at once, ${rounds} publications ` +
      `(target: publish → screen p95 < ${TARGET_P95_MS} ms)`,
    ["setup", "deliveries", "publish→event p50", "p95", "p95 ratio", "publish→screen p50", "p95", "p99"],
    [
      [
        "bare socket.io (baseline)",
        String(baseline.event.n),
        ms(baseline.event.p50),
        ms(baseline.event.p95),
        "1.00×",
        "–",
        "–",
        "–",
      ],
      [
        "app, SQLite",
        String(measured.event.n),
        ms(measured.event.p50),
        ms(measured.event.p95),
        ratio(measured.event.p95, baseline.event.p95),
        ms(measured.screen.p50),
        ms(measured.screen.p95),
        ms(measured.screen.p99),
      ],
    ],
  );
  return {
    file: saveResult("realtime", {
      clients: CLIENTS,
      revisers: REVISERS,
      rounds,
      baseline,
      measured,
      targetP95Ms: TARGET_P95_MS,
    }),
    rows: [baseline, measured],
  };
}
