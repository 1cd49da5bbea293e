// Yjs relay: 50 panellists co-edit one rationale document, each making an edit every second (staggered).
// Edit-to-peer latency = from an editor's change to each other editor's copy applying it. Baselines in the
// same run: a bare y-websocket-protocol relay (bench/bare-servers.ts). Then the app on SQLite, and two app
// instances relaying through Redis on PostgreSQL (editors alternate between them; same- and cross-instance
// peers reported apart).
import WebSocket from "ws";
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import { documentName } from "../app/models/collaboration.server.js";
import {
  createBenchDb,
  DURATION_S,
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
const TARGET_P95_MS = 50;

interface Editor {
  doc: Y.Doc;
  ws: WebSocket;
  instance: number;
}

/** A client speaking the y-websocket protocol, synced before it resolves. */
async function connectEditor(url: string, cookie: string | undefined, instance: number): Promise<Editor> {
  const ws = new WebSocket(url, { headers: cookie ? { cookie } : {} });
  const doc = new Y.Doc();
  let synced!: () => void;
  const ready = new Promise<void>((resolve) => (synced = resolve));
  ws.on("message", (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) !== 0) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    if (syncProtocol.readSyncMessage(decoder, encoder, doc, "server") === syncProtocol.messageYjsSyncStep2) synced();
    if (encoding.length(encoder) > 1) ws.send(encoding.toUint8Array(encoder));
  });
  doc.on("update", (update: Uint8Array, origin: unknown) => {
    if (origin === "server" || ws.readyState !== ws.OPEN) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    syncProtocol.writeUpdate(encoder, update);
    ws.send(encoding.toUint8Array(encoder));
  });
  await new Promise<void>((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeSyncStep1(encoder, doc);
  ws.send(encoding.toUint8Array(encoder));
  await ready;
  return { doc, ws, instance };
}

interface Row {
  setup: string;
  all: LatencySummary;
  sameInstance?: LatencySummary;
  crossInstance?: LatencySummary;
  edits: number;
  missing: number;
}

/** Every editor edits every EDIT_INTERVAL_MS (staggered) for DURATION_S; peers record when edits arrive. */
async function coEdit(setup: string, editors: Editor[]): Promise<Row> {
  const sentAt = new Map<string, { at: number; instance: number }>();
  const same: number[] = [];
  const cross: number[] = [];
  for (const editor of editors)
    editor.doc.getMap("bench").observe((event) => {
      if (event.transaction.local) return;
      const at = now();
      for (const key of event.keysChanged) {
        const sent = sentAt.get(key);
        if (sent) (sent.instance === editor.instance ? same : cross).push(at - sent.at);
      }
    });
  const deadline = now() + DURATION_S * 1_000;
  await Promise.all(
    editors.map(async (editor, i) => {
      await sleep((i * EDIT_INTERVAL_MS) / editors.length);
      for (let n = 0; now() < deadline; n++) {
        const key = `${i}:${n}`;
        sentAt.set(key, { at: now(), instance: editor.instance });
        editor.doc.getMap("bench").set(key, n);
        await sleep(EDIT_INTERVAL_MS);
      }
    }),
  );
  await sleep(1_000);
  const expected = sentAt.size * (editors.length - 1);
  const all = [...same, ...cross];
  return {
    setup,
    all: summarize(all),
    ...(new Set(editors.map((e) => e.instance)).size > 1
      ? { sameInstance: summarize(same), crossInstance: summarize(cross) }
      : {}),
    edits: sentAt.size,
    missing: expected - all.length,
  };
}

function closeAll(editors: Editor[]) {
  for (const { ws, doc } of editors) {
    ws.close();
    doc.destroy();
  }
}

async function bareRun(): Promise<Row> {
  const server = await startBare("yjs");
  const editors: Editor[] = [];
  try {
    for (let i = 0; i < EDITORS; i++)
      editors.push(await connectEditor(`${server.url.replace("http", "ws")}/yjs/bench`, undefined, 0));
    return await coEdit("bare y-websocket relay (baseline)", editors);
  } finally {
    closeAll(editors);
    await server.stop();
  }
}

async function appRun(setup: string, provider: "sqlite" | "postgresql", instances: 1 | 2): Promise<Row> {
  const t = await createBenchDb(provider);
  const servers: ChildServer[] = [];
  const editors: Editor[] = [];
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
    return await coEdit(setup, editors);
  } finally {
    closeAll(editors);
    await Promise.all(servers.map((s) => s.stop()));
    await t.drop();
  }
}

export async function run() {
  const only = process.env.BENCH_YJS_ONLY; // e.g. "postgresql" while investigating
  const rows: Row[] = [await bareRun(), ...(only === "postgresql" ? [] : [await appRun("app, SQLite", "sqlite", 1)])];
  if ((await postgresAvailable()) && (await redisAvailable()))
    rows.push(
      // The same database without Redis, to tell the cost of PostgreSQL from the cost of the relay.
      await appRun("app, PostgreSQL", "postgresql", 1),
      await appRun("app ×2 via Redis, PostgreSQL", "postgresql", 2),
    );
  else console.log("  (PostgreSQL or Redis unreachable: no two-instance run)");
  const [bare] = rows;
  const line = (label: string, s: LatencySummary, r: Row) => [
    label,
    String(s.n),
    ms(s.p50),
    ms(s.p95),
    ms(s.p99),
    ms(s.max),
    ratio(s.p95, bare!.all.p95),
    String(r.missing),
  ];
  printTable(
    `Yjs relay — ${EDITORS} co-editors, one edit each per ${EDIT_INTERVAL_MS} ms for ${DURATION_S} s (target: p95 < ${TARGET_P95_MS} ms, within 1.5× of bare)`,
    ["setup", "deliveries", "p50 ms", "p95 ms", "p99 ms", "max ms", "p95 ratio", "missing"],
    rows.flatMap((r) => [
      line(r.setup, r.all, r),
      ...(r.sameInstance ? [line("  peers on the same instance", r.sameInstance, r)] : []),
      ...(r.crossInstance ? [line("  peers on the other instance", r.crossInstance, r)] : []),
    ]),
  );
  return {
    file: saveResult("yjs", { editors: EDITORS, editIntervalMs: EDIT_INTERVAL_MS, durationS: DURATION_S, rows }),
    rows,
  };
}
