// Rating under load: 200 panellists at once (one connection each) autosaving ratings through the real server
// (`PUT …/rating`: session, access checks, validation, commitment, rating log, live event), beside the bare
// server doing the same storage work by hand (bench/bare-rating.ts), both in their own processes, the load
// from autocannon in a third (bench/load-worker.ts). Runs are interleaved — bare, app, bare, app… — on SQLite
// and PostgreSQL; a probe opens new connections during each run and times their first byte.
import { spawn } from "node:child_process";
import { request } from "node:http";
import type { LoadPlan, LoadResult } from "./load-worker.js";
import {
  cpuMs,
  createBenchDb,
  DURATION_S,
  ms,
  printTable,
  providers,
  ratio,
  ROUNDS,
  saveResult,
  seedStudy,
  sessionCookies,
  sleep,
  startApp,
  startBareRating,
  type ChildServer,
  type Provider,
} from "./support.js";

const PANELLISTS = Number(process.env.BENCH_RATING_PANELLISTS ?? 200);
/** Issue 13's targets: on SQLite ≥ 4,000 ratings/s with p95 ≤ 50 ms and ≥ 0.25× bare; new connections p99 ≤ 100 ms. */
const TARGET = { perSecond: 4_000, p95Ms: 50, ratio: 0.25, probeP99Ms: 100 };

function generateLoad(plan: LoadPlan): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "bench/load-worker.ts", JSON.stringify(plan)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("exit", (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split("\n").at(-1)!) as LoadResult) : reject(new Error(out)),
    );
  });
}

const quantile = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;

/**
 * Opens a NEW connection every 25 ms until `done` settles and times each one's first byte: what a panellist
 * arriving during the rush waits before anything is answered. From this (idle) process, not the load's.
 */
async function probeNewConnections(url: string, done: Promise<unknown>) {
  const once = () =>
    new Promise<number>((resolve) => {
      const start = performance.now();
      const req = request(`${url}/healthz`, { agent: false, headers: { connection: "close" } }, (res) => {
        const first = performance.now() - start;
        res.resume();
        res.on("end", () => resolve(first));
      });
      req.on("error", () => resolve(Infinity));
      req.end();
    });
  const probes: Promise<number>[] = [];
  let running = true;
  void done.finally(() => (running = false));
  while (running) {
    probes.push(once());
    await sleep(25);
  }
  const ttfb = (await Promise.all(probes)).sort((a, b) => a - b);
  return { n: ttfb.length, p50: quantile(ttfb, 0.5), p99: quantile(ttfb, 0.99), max: ttfb.at(-1) ?? NaN };
}

interface Run extends LoadResult {
  probe: Awaited<ReturnType<typeof probeNewConnections>>;
  setup: "bare" | "app";
  cpuMsPerRating: number;
}

async function measure(provider: Provider) {
  const t = await createBenchDb(provider);
  const servers: ChildServer[] = [];
  try {
    const study = await seedStudy(t.db, { panellists: PANELLISTS });
    const cookies = await sessionCookies(
      t.db,
      study.panel.map((p) => p.userId),
    );
    const app = await startApp(t.url);
    servers.push(app);
    const bare = await startBareRating(t.url);
    servers.push(bare);
    const plan = (server: ChildServer, seconds: number): LoadPlan => ({
      url: server.url,
      roundId: study.roundId,
      itemIds: study.itemIds,
      cookies,
      seconds,
    });
    // Warm-up: code paths, prepared statements, first inserts of every (item, panellist).
    for (const server of [bare, app]) await generateLoad(plan(server, 3));
    const runs: Run[] = [];
    for (let round = 0; round < ROUNDS; round++)
      for (const [setup, server] of [
        ["bare", bare],
        ["app", app],
      ] as const) {
        const cpu0 = cpuMs(server.pid);
        const load = generateLoad(plan(server, DURATION_S));
        const probe = await probeNewConnections(server.url, load);
        const result = await load;
        runs.push({ setup, ...result, probe, cpuMsPerRating: (cpuMs(server.pid) - cpu0) / result.requests });
        await sleep(500);
      }
    return { provider, runs };
  } finally {
    for (const s of servers) await s.stop();
    await t.drop();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function run() {
  const results = [];
  for (const provider of await providers()) {
    const { runs } = await measure(provider);
    const of = (setup: string) => runs.filter((r) => r.setup === setup);
    const summary = (setup: string) => {
      const rs = of(setup);
      return {
        perSecond: median(rs.map((r) => r.perSecond)),
        p95: median(rs.map((r) => r.latency.p95)),
        p99: median(rs.map((r) => r.latency.p99)),
        cpu: median(rs.map((r) => r.cpuMsPerRating)),
        probeP99: Math.max(...rs.map((r) => r.probe.p99)),
        failed: rs.reduce((n, r) => n + r.non2xx + r.errors, 0),
      };
    };
    const bare = summary("bare");
    const app = summary("app");
    printTable(
      `Rating, ${PANELLISTS} concurrent panellists, ${provider} (medians of ${ROUNDS} interleaved runs of ${DURATION_S} s)`,
      ["setup", "ratings/s", "p95 ms", "p99 ms", "CPU ms/rating", "new conn. TTFB p99 ms", "failed"],
      [
        [
          "bare server",
          bare.perSecond.toFixed(0),
          ms(bare.p95),
          ms(bare.p99),
          bare.cpu.toFixed(3),
          ms(bare.probeP99),
          bare.failed,
        ],
        [
          "delphi-mlm",
          app.perSecond.toFixed(0),
          ms(app.p95),
          ms(app.p99),
          app.cpu.toFixed(3),
          ms(app.probeP99),
          app.failed,
        ],
        ["ratio", ratio(app.perSecond, bare.perSecond), ratio(app.p95, bare.p95), "", ratio(app.cpu, bare.cpu), "", ""],
      ],
    );
    results.push({ provider, bare, app, runs, target: TARGET });
  }
  return { file: saveResult("rating", { panellists: PANELLISTS, durationS: DURATION_S, rounds: ROUNDS, results }) };
}
