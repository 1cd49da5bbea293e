// Yjs relay: 50 panellists co-edit one rationale document, each making an edit every second (staggered).
// Edit-to-peer latency = from an editor's change to each other editor's copy applying it. Baseline: a bare
// y-websocket-protocol relay (bench/bare-servers.ts); the app on SQLite and on PostgreSQL. The three run
// interleaved, ROUNDS times each (every server started once, its editors connected), so a change in the
// machine's load falls on all alike. Then two app instances relaying through Redis on PostgreSQL (editors
// alternate between them; same- and cross-instance peers reported apart).
import WebSocket from "ws";
import * as Y from "yjs";
import { documentName, RATIONALE_FIELD } from "../app/models/collaboration.server.js";
import { connectYjsClient } from "../tests/support/yjs-client.js";
import {
  createBenchDb,
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

const EDITORS = Number(process.env.BENCH_YJS_EDITORS ?? 50);
const EDIT_INTERVAL_MS = Number(process.env.BENCH_YJS_INTERVAL_MS ?? 1_000);
// Many short rounds: a p95 of a few milliseconds moves with the machine's load from one ten seconds to the next.
const ROUNDS = Number(process.env.BENCH_YJS_ROUNDS ?? 10);
const ROUND_S = Number(process.env.BENCH_YJS_ROUND_S ?? 5);
const TARGET_P95_MS = 50;

interface Editor {
  doc: Y.Doc;
  ws: WebSocket;
  instance: number;
}

/** A client speaking the y-websocket protocol, synced before it resolves. */
async function connectEditor(url: string, cookie: string | undefined, instance: number): Promise<Editor> {
  const { ws, doc } = await connectYjsClient(url, cookie);
  return { doc, ws, instance };
}

interface Samples {
  same: number[];
  cross: number[];
  edits: number;
  missing: number;
}

/** A setup under test: its editors, connected and synced. */
interface Target {
  setup: string;
  editors: Editor[];
  stop(): Promise<void>;
}

/** Every editor edits every EDIT_INTERVAL_MS (staggered) for ROUND_S; peers record when edits arrive. */
async function coEdit(editors: Editor[], round: number, into: Samples) {
  const sentAt = new Map<string, { at: number; instance: number }>();
  let received = 0;
  const observers = editors.map((editor) => {
    // Each edit is a paragraph whose text is its key (the server accepts only what the editor's schema can show).
    const observer = (event: Y.YXmlEvent) => {
      if (event.transaction.local) return;
      const at = now();
      for (const item of event.changes.added) {
        const paragraph = item.content.getContent()[0];
        if (!(paragraph instanceof Y.XmlElement)) continue;
        const sent = sentAt.get(paragraph.toArray()[0]?.toString() ?? "");
        if (!sent) continue;
        received += 1;
        (sent.instance === editor.instance ? into.same : into.cross).push(at - sent.at);
      }
    };
    editor.doc.getXmlFragment(RATIONALE_FIELD).observe(observer);
    return () => editor.doc.getXmlFragment(RATIONALE_FIELD).unobserve(observer);
  });
  const deadline = now() + ROUND_S * 1_000;
  await Promise.all(
    editors.map(async (editor, i) => {
      await sleep((i * EDIT_INTERVAL_MS) / editors.length);
      for (let n = 0; now() < deadline; n++) {
        const key = `${round}:${i}:${n}`;
        sentAt.set(key, { at: now(), instance: editor.instance });
        const paragraph = new Y.XmlElement("paragraph");
        paragraph.insert(0, [new Y.XmlText(key)]);
        const fragment = editor.doc.getXmlFragment(RATIONALE_FIELD);
        fragment.insert(fragment.length, [paragraph]);
        await sleep(EDIT_INTERVAL_MS);
      }
    }),
  );
  await sleep(1_000);
  observers.forEach((stop) => stop());
  into.edits += sentAt.size;
  into.missing += sentAt.size * (editors.length - 1) - received;
}

function closeAll(editors: Editor[]) {
  for (const { ws, doc } of editors) {
    ws.close();
    doc.destroy();
  }
}

async function bareTarget(): Promise<Target> {
  const server = await startBare("yjs");
  const editors: Editor[] = [];
  for (let i = 0; i < EDITORS; i++)
    editors.push(await connectEditor(`${server.url.replace("http", "ws")}/yjs/bench`, undefined, 0));
  return {
    setup: "bare y-websocket relay (baseline)",
    editors,
    async stop() {
      closeAll(editors);
      await server.stop();
    },
  };
}

async function appTarget(setup: string, provider: "sqlite" | "postgresql", instances: 1 | 2): Promise<Target> {
  const t = await createBenchDb(provider);
  const servers: ChildServer[] = [];
  const editors: Editor[] = [];
  const stop = async () => {
    closeAll(editors);
    await Promise.all(servers.map((s) => s.stop()));
    await t.drop();
  };
  try {
    const study = await seedStudy(t.db, { panellists: EDITORS });
    const cookies = await sessionCookies(
      t.db,
      study.panel.map((p) => p.userId),
    );
    const prefix = `delphi-bench-${process.pid}-${Date.now()}`;
    servers.push(
      ...(await Promise.all(
        ["A", "B"]
          .slice(0, instances)
          .map((id) => startApp(t.url, instances === 2 ? { REDIS_URL, REDIS_PREFIX: prefix, INSTANCE_ID: id } : {})),
      )),
    );
    const name = documentName("rationale", study.itemIds[0]!);
    for (let i = 0; i < EDITORS; i++) {
      const instance = i % instances;
      editors.push(
        await connectEditor(`${servers[instance]!.url.replace("http", "ws")}/yjs/${name}`, cookies[i], instance),
      );
    }
    return { setup, editors, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

interface Row {
  setup: string;
  all: LatencySummary;
  sameInstance?: LatencySummary;
  crossInstance?: LatencySummary;
  /** p95 of each round: how much the figure moves between runs on this machine. */
  roundP95: number[];
  edits: number;
  missing: number;
}

/** Runs the targets interleaved, ROUNDS times ROUND_S each, and pools each target's samples. */
async function measure(targets: Target[]): Promise<Row[]> {
  const samples = targets.map((): Samples => ({ same: [], cross: [], edits: 0, missing: 0 }));
  const roundP95 = targets.map((): number[] => []);
  for (let round = 0; round < ROUNDS; round++)
    for (const [i, target] of targets.entries()) {
      const own: Samples = { same: [], cross: [], edits: 0, missing: 0 };
      await coEdit(target.editors, round, own);
      const into = samples[i]!;
      into.same.push(...own.same);
      into.cross.push(...own.cross);
      into.edits += own.edits;
      into.missing += own.missing;
      roundP95[i]!.push(summarize([...own.same, ...own.cross]).p95);
    }
  return targets.map((target, i) => {
    const { same, cross, edits, missing } = samples[i]!;
    return {
      setup: target.setup,
      all: summarize([...same, ...cross]),
      ...(cross.length ? { sameInstance: summarize(same), crossInstance: summarize(cross) } : {}),
      roundP95: roundP95[i]!,
      edits,
      missing,
    };
  });
}

export async function run() {
  const withPostgres = (await postgresAvailable()) && (await redisAvailable());
  if (!withPostgres) console.log("  (PostgreSQL or Redis unreachable: SQLite only)");
  const targets: Target[] = [];
  const rows: Row[] = [];
  try {
    targets.push(await bareTarget(), await appTarget("app, SQLite", "sqlite", 1));
    if (withPostgres) targets.push(await appTarget("app, PostgreSQL", "postgresql", 1));
    rows.push(...(await measure(targets)));
  } finally {
    for (const target of targets) await target.stop();
  }
  if (withPostgres && !process.env.BENCH_YJS_SKIP_CLUSTER) {
    // Across instances edits also cross Redis; measured after the others, against the same baseline run.
    const cluster = await appTarget("app ×2 via Redis, PostgreSQL", "postgresql", 2);
    try {
      rows.push(...(await measure([cluster])));
    } finally {
      await cluster.stop();
    }
  }
  const [bare] = rows;
  const line = (label: string, s: LatencySummary, r: Row, rounds = "") => [
    label,
    String(s.n),
    ms(s.p50),
    ms(s.p95),
    ms(s.p99),
    ms(s.max),
    ratio(s.p95, bare!.all.p95),
    rounds,
    String(r.missing),
  ];
  const spread = (r: Row) => `${ms(Math.min(...r.roundP95))}–${ms(Math.max(...r.roundP95))}`;
  printTable(
    `Yjs relay — ${EDITORS} co-editors, one edit each per ${EDIT_INTERVAL_MS} ms, ${ROUNDS} × ${ROUND_S} s per setup, interleaved (target: p95 < ${TARGET_P95_MS} ms, within 1.5× of bare)`,
    ["setup", "deliveries", "p50 ms", "p95 ms", "p99 ms", "max ms", "p95 ratio", "p95 of each round", "missing"],
    rows.flatMap((r) => [
      line(r.setup, r.all, r, spread(r)),
      ...(r.sameInstance ? [line("  peers on the same instance", r.sameInstance, r)] : []),
      ...(r.crossInstance ? [line("  peers on the other instance", r.crossInstance, r)] : []),
    ]),
  );
  return {
    file: saveResult("yjs", {
      editors: EDITORS,
      editIntervalMs: EDIT_INTERVAL_MS,
      roundS: ROUND_S,
      rounds: ROUNDS,
      rows,
    }),
    rows,
  };
}
