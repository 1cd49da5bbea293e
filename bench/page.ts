// Page: the voting page of a 150-item round (the part where the panellist resumes) rendered on the server (GET /consultations/:id/rounds/1 as a
// panellist: session, loader queries, React SSR) under 50 concurrent clients (autocannon), beside GET /healthz
// (one database ping) on the same server in the same run. One client alone gives the time to render one page.
import autocannon from "autocannon";
import {
  createBenchDb,
  DURATION_S,
  insertRatings,
  ms,
  now,
  printTable,
  ratio,
  saveResult,
  seedStudy,
  sessionCookies,
  sleep,
  startApp,
  summarize,
  type LatencySummary,
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
}

async function hammer(
  setup: string,
  url: string,
  cookie: string,
  load: { connections: number; duration?: number; amount?: number },
): Promise<Row> {
  const latencies: number[] = [];
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

export async function run() {
  const t = await createBenchDb("sqlite");
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
        await hammer("GET /healthz (baseline)", `${server.url}/healthz`, cookie!, {
          connections: CONNECTIONS,
          duration: DURATION_S,
        }),
      );
      await settle(server.url);
      rows.push(await hammer("GET voting page, 1 client", page, cookie!, { connections: 1, amount: 20 }));
      await settle(server.url);
      rows.push(
        await hammer(`GET voting page, ${CONNECTIONS} clients`, page, cookie!, {
          connections: CONNECTIONS,
          amount: PAGE_REQUESTS,
        }),
      );
      const [health] = rows;
      printTable(
        `Page — ${CONNECTIONS} concurrent clients, SQLite (voting page: one part of a 150-item round, ${(html.length / 1024).toFixed(0)} KB of HTML)`,
        ["request", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "failed", "req/s ratio", "p95 ratio"],
        rows.map((r) => [
          r.setup,
          String(r.latency.n),
          r.perSecond.toFixed(1),
          ms(r.latency.p50),
          ms(r.latency.p95),
          ms(r.latency.p99),
          String(r.failed),
          ratio(r.perSecond, health!.perSecond),
          ratio(r.latency.p95, health!.latency.p95),
        ]),
      );
      return {
        file: saveResult("page", { connections: CONNECTIONS, htmlBytes: html.length, durationS: DURATION_S, rows }),
        rows,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await t.drop();
  }
}
