// Page: the voting page of a 150-item round (the part where the panellist resumes) rendered on the server (GET /consultations/:id/rounds/1 as a
// panellist: session, loader queries, React SSR) under 20 concurrent clients (autocannon, in this process, not the
// server's), beside GET /healthz (one database ping) on the same server in the same run, on SQLite and PostgreSQL.
// One client alone gives the time to render one page; the server's CPU time per page is read from /proc.
import autocannon from "autocannon";
import {
  cpuMs,
  createBenchDb,
  DURATION_S,
  insertRatings,
  ms,
  now,
  printTable,
  providers,
  ratio,
  saveResult,
  seedStudy,
  sessionCookies,
  sleep,
  startApp,
  summarize,
  type LatencySummary,
  type Provider,
} from "./support.js";

/** Issue 13's target: ≥ 200 pages/s at 20 concurrent clients, p95 ≤ 150 ms, HTML ≤ 150 KB. */
const CONNECTIONS = Number(process.env.BENCH_PAGE_CONNECTIONS ?? 20);
/** Pages requested by the concurrent clients: a fixed amount, all answered, rather than a duration. */
const PAGE_REQUESTS = Number(process.env.BENCH_PAGE_REQUESTS ?? 400);

interface Row {
  setup: string;
  perSecond: number;
  latency: LatencySummary;
  failed: number;
  /** The server's CPU time (user + system) per request answered. */
  cpuMsPerRequest: number;
}

async function hammer(
  setup: string,
  server: { pid: number },
  url: string,
  cookie: string,
  load: { connections: number; duration?: number; amount?: number },
): Promise<Row> {
  const latencies: number[] = [];
  const cpuBefore = cpuMs(server.pid);
  // Slow pages are measured, not counted as failures: a request may wait behind 49 others.
  const instance = autocannon({ url, headers: { cookie }, timeout: 300, ...load });
  instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) =>
    latencies.push(responseTime),
  );
  const start = now();
  const result = await instance;
  return {
    setup,
    perSecond: latencies.length / ((now() - start) / 1_000),
    latency: summarize(latencies),
    failed: result.non2xx + result.errors + result.timeouts,
    cpuMsPerRequest: (cpuMs(server.pid) - cpuBefore) / Math.max(1, latencies.length),
  };
}

/** Waits until the server answers /healthz quickly again: requests cut off by a run must not slow the next. */
async function settle(base: string) {
  for (let i = 0; i < 120; i++) {
    const start = now();
    await fetch(`${base}/healthz`).then((r) => r.text());
    if (now() - start < 50) return;
    await sleep(500);
  }
}

async function measure(provider: Provider) {
  const t = await createBenchDb(provider);
  try {
    const study = await seedStudy(t.db, { panellists: 20 });
    const [cookie] = await sessionCookies(t.db, [study.panel[0]!.userId]);
    // Half the items already rated by this panellist, as in a round under way.
    await insertRatings(
      t,
      study.itemIds
        .slice(0, 75)
        .map((roundItemId, k) => ({ roundItemId, memberId: study.panel[0]!.memberId, value: 1 + (k % 5) })),
    );
    const server = await startApp(t.url);
    try {
      const page = `${server.url}/consultations/${study.consultationId}/rounds/1`;
      const check = await fetch(page, { headers: { cookie: cookie! } });
      const html = await check.text();
      // The part where the panellist resumes (item 76 on), of a round of 150.
      if (check.status !== 200 || !html.includes("75 of 150 rated")) throw new Error(`voting page: ${check.status}`);
      for (let i = 0; i < 10; i++) await fetch(page, { headers: { cookie: cookie! } }).then((r) => r.text()); // warm-up

      const rows: Row[] = [];
      rows.push(
        await hammer(`${provider}: GET /healthz (baseline)`, server, `${server.url}/healthz`, cookie!, {
          connections: CONNECTIONS,
          duration: DURATION_S,
        }),
      );
      await settle(server.url);
      rows.push(
        await hammer(`${provider}: voting page, 1 client`, server, page, cookie!, { connections: 1, amount: 20 }),
      );
      await settle(server.url);
      rows.push(
        await hammer(`${provider}: voting page, ${CONNECTIONS} clients`, server, page, cookie!, {
          connections: CONNECTIONS,
          amount: PAGE_REQUESTS,
        }),
      );
      return { rows, htmlBytes: html.length };
    } finally {
      await server.stop();
    }
  } finally {
    await t.drop();
  }
}

export async function run() {
  const rows: Row[] = [];
  let htmlBytes = 0;
  const baselines = new Map<Row, Row>();
  for (const provider of await providers()) {
    const measured = await measure(provider);
    htmlBytes = measured.htmlBytes;
    for (const row of measured.rows) baselines.set(row, measured.rows[0]!);
    rows.push(...measured.rows);
  }
  printTable(
    `Page — ${CONNECTIONS} concurrent clients (voting page: one part of a 150-item round, ${(htmlBytes / 1024).toFixed(0)} KB of HTML); target ≥ 200 pages/s, p95 ≤ 150 ms`,
    [
      "request",
      "requests",
      "req/s",
      "p50 ms",
      "p95 ms",
      "p99 ms",
      "failed",
      "server CPU ms/req",
      "req/s ratio",
      "p95 ratio",
    ],
    rows.map((r) => [
      r.setup,
      String(r.latency.n),
      r.perSecond.toFixed(1),
      ms(r.latency.p50),
      ms(r.latency.p95),
      ms(r.latency.p99),
      String(r.failed),
      r.cpuMsPerRequest.toFixed(2),
      ratio(r.perSecond, baselines.get(r)!.perSecond),
      ratio(r.latency.p95, baselines.get(r)!.latency.p95),
    ]),
  );
  return {
    file: saveResult("page", { connections: CONNECTIONS, htmlBytes, durationS: DURATION_S, rows }),
    rows,
  };
}
