// Vote path: N panellists at once rating item after item through the real HTTP API (PUT …/rating: session,
// access checks, a transaction with the audit chain, the live event), beside a raw insert loop with the same
// driver (Prisma rating.create, N at a time) in the same run, on SQLite and PostgreSQL.
import {
  createBenchDb,
  DURATION_S,
  httpClient,
  ms,
  now,
  printTable,
  providers,
  ratio,
  saveResult,
  seedStudy,
  sessionCookies,
  startApp,
  summarize,
  type Provider,
} from "./support.js";

const PANELLISTS = Number(process.env.BENCH_VOTE_PANELLISTS ?? 50);
/** The target (at 200 concurrent panellists on SQLite): ≥ 1,000 ratings/s with p95 < 50 ms. */
const TARGET = { perSecond: 1_000, p95Ms: 50, panellists: 200 };
const WARMUP_ITEMS = 5;

/**
 * Each of `workers` rates items in page order (first ratings: every operation is an insert) until it has
 * rated them all or the time is up. Returns the latencies and the elapsed time.
 */
async function load(workers: number, items: number, operation: (worker: number, item: number) => Promise<boolean>) {
  const latencies: number[] = [];
  let errors = 0;
  const start = now();
  const deadline = start + DURATION_S * 1_000;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let k = 0; k < items && now() < deadline; k++) {
        const t0 = now();
        const ok = await operation(w, k).catch(() => false);
        latencies.push(now() - t0);
        if (!ok) errors++;
      }
    }),
  );
  const elapsed = (now() - start) / 1_000;
  return { ...summarize(latencies), perSecond: latencies.length / elapsed, errors, seconds: elapsed };
}

async function measure(provider: Provider) {
  const t = await createBenchDb(provider);
  try {
    const api = await seedStudy(t.db, { panellists: PANELLISTS });
    const raw = await seedStudy(t.db, { panellists: PANELLISTS });
    const cookies = await sessionCookies(
      t.db,
      api.panel.map((p) => p.userId),
    );
    const rated = api.itemIds.length - WARMUP_ITEMS;

    // Baseline: the same inserts without HTTP, session, checks or audit — the database and driver alone.
    const baseline = await load(PANELLISTS, rated, async (w, k) => {
      await t.db.rating.create({
        data: { roundItemId: raw.itemIds[k]!, memberId: raw.panel[w]!.memberId, value: 1 + ((w + k) % 5) },
      });
      return true;
    });

    const server = await startApp(t.url);
    const http = httpClient(server.url, PANELLISTS);
    const put = (w: number, itemId: string, value: number) =>
      http.send(
        "PUT",
        `/api/v1/rounds/${api.roundId}/items/${itemId}/rating`,
        { cookie: cookies[w]!, "content-type": "application/json" },
        JSON.stringify({ value }),
      );
    try {
      // Warm-up on the last items (code paths, connections, caches); measured from the first item on.
      for (let k = rated; k < api.itemIds.length; k++)
        await Promise.all(cookies.map((_, w) => put(w, api.itemIds[k]!, 3)));
      const app = await load(PANELLISTS, rated, async (w, k) => {
        const status = await put(w, api.itemIds[k]!, 1 + ((w + k) % 5));
        return status === 200;
      });
      return { provider, panellists: PANELLISTS, app, baseline };
    } finally {
      http.close();
      await server.stop();
    }
  } finally {
    await t.drop();
  }
}

export async function run() {
  const results = [];
  for (const provider of await providers()) results.push(await measure(provider));
  const row = (label: string, r: Awaited<ReturnType<typeof load>>, base?: Awaited<ReturnType<typeof load>>) => [
    label,
    r.perSecond.toFixed(0),
    ms(r.p50),
    ms(r.p95),
    ms(r.p99),
    String(r.errors),
    base ? ratio(r.perSecond, base.perSecond) : "1.00×",
    base ? ratio(r.p95, base.p95) : "1.00×",
  ];
  printTable(
    `Vote path — ${PANELLISTS} concurrent panellists, ≤ ${DURATION_S} s each (target: ≥ ${TARGET.perSecond}/s, p95 < ${TARGET.p95Ms} ms at ${TARGET.panellists} on SQLite)`,
    ["run", "ratings/s", "p50 ms", "p95 ms", "p99 ms", "errors", "throughput ratio", "p95 ratio"],
    results.flatMap((r) => [
      row(`${r.provider}: raw rating.create`, r.baseline),
      row(`${r.provider}: PUT /api/v1/…/rating`, r.app, r.baseline),
    ]),
  );
  const sqlite = results.find((r) => r.provider === "sqlite")!;
  const meets = sqlite.app.perSecond >= TARGET.perSecond && sqlite.app.p95 < TARGET.p95Ms;
  console.log(
    `Target on SQLite ${meets ? "met" : "missed"} at ${PANELLISTS} panellists` +
      (PANELLISTS === TARGET.panellists
        ? ""
        : ` (the target is stated at ${TARGET.panellists}: BENCH_VOTE_PANELLISTS=${TARGET.panellists})`),
  );
  return { file: saveResult("vote", { target: TARGET, durationS: DURATION_S, results }), results };
}
