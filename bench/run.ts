// Runs the benchmarks: all of them, or those named (`npm run bench -- vote page`). Each prints a table with its
// baseline measured in the same run and writes bench/results/<name>-<timestamp>.json. See bench/README.md.
import { machine } from "./support.js";

const BENCHMARKS: Record<string, { about: string; load: () => Promise<{ run(): Promise<unknown> }> }> = {
  vote: { about: "ratings through the HTTP API vs. a raw insert loop", load: () => import("./vote.js") },
  rating: {
    about: "200 panellists autosaving (autocannon, own process) vs. a bare prepared-statement server",
    load: () => import("./rating.js"),
  },
  close: { about: "closeRound on 2,000 × 150 vs. one SQL GROUP BY", load: () => import("./close.js") },
  fanout: { about: "1 event to 500 socket.io clients vs. bare socket.io", load: () => import("./fanout.js") },
  yjs: {
    about: "50 co-editors, edit-to-peer, vs. a bare relay and across 2 instances",
    load: () => import("./yjs.js"),
  },
  realtime: {
    about: "Real-Time Delphi: 500 panellists connected, 50 revising at once, publish → screen vs. bare socket.io",
    load: () => import("./realtime.js"),
  },
  page: { about: "voting page SSR (150 items) vs. /healthz", load: () => import("./page.js") },
  memory: { about: "server RSS with 1,000 idle socket.io clients vs. none", load: () => import("./memory.js") },
};

async function main() {
  const names = process.argv.slice(2);
  const unknown = names.filter((n) => !(n in BENCHMARKS));
  if (unknown.length) {
    console.error(`Unknown benchmark ${unknown.join(", ")}. Available:`);
    for (const [name, { about }] of Object.entries(BENCHMARKS)) console.error(`  ${name.padEnd(7)} ${about}`);
    process.exit(2);
  }
  const m = machine();
  console.log(`delphi-mlm benchmarks — ${m.cpus} × ${m.cpuModel}, Node ${m.node}, ${new Date().toISOString()}`);
  const started = performance.now();
  const failed: string[] = [];
  for (const name of names.length ? names : Object.keys(BENCHMARKS)) {
    const t0 = performance.now();
    try {
      const { file } = (await (await BENCHMARKS[name]!.load()).run()) as { file: string };
      console.log(`  ${name}: ${((performance.now() - t0) / 1000).toFixed(0)} s → ${file}`);
    } catch (error) {
      failed.push(name);
      console.error(`\n${name} failed:`, error);
    }
  }
  console.log(
    `\nDone in ${((performance.now() - started) / 1000).toFixed(0)} s${failed.length ? `; failed: ${failed.join(", ")}` : ""}`,
  );
  // Prisma pools, sockets and timers of the benchmarks must not keep the process alive.
  process.exit(failed.length ? 1 : 0);
}

void main();
