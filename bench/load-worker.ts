// The load generator, in a process of its own (neither the server's nor the benchmark's event loop):
// autocannon with one connection per panellist, each cycling through the round's items with its own session.
// The new-connection probe runs in the (idle) benchmark process: see probeNewConnections.
//   node --import tsx bench/load-worker.ts '<json: LoadPlan>'   → prints one JSON line: LoadResult
import autocannon from "autocannon";

export interface LoadPlan {
  url: string;
  roundId: string;
  itemIds: string[];
  cookies: string[];
  seconds: number;
}

export interface LoadResult {
  requests: number;
  perSecond: number;
  latency: { p50: number; p95: number; p99: number; max: number };
  non2xx: number;
  errors: number;
}

const quantile = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;

async function run(plan: LoadPlan): Promise<LoadResult> {
  let next = 0;
  const latencies: number[] = [];
  const instance = autocannon({
    url: plan.url,
    connections: plan.cookies.length,
    duration: plan.seconds,
    timeout: 30,
    setupClient(client) {
      const w = next++ % plan.cookies.length;
      client.setRequests(
        plan.itemIds.map((itemId, k) => ({
          method: "PUT",
          path: `/api/v1/rounds/${plan.roundId}/items/${itemId}/rating`,
          headers: { cookie: plan.cookies[w]!, "content-type": "application/json" },
          body: JSON.stringify({ value: 1 + ((w + k) % 5) }),
        })),
      );
    },
  });
  instance.on("response", (_c: unknown, _s: number, _b: number, ms: number) => latencies.push(ms));
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    perSecond: latencies.length / plan.seconds,
    latency: {
      p50: quantile(latencies, 0.5),
      p95: quantile(latencies, 0.95),
      p99: quantile(latencies, 0.99),
      max: latencies.at(-1) ?? NaN,
    },
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

const plan = JSON.parse(process.argv[2] ?? "{}") as LoadPlan;
run(plan).then(
  (result) => console.log(JSON.stringify(result)),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
