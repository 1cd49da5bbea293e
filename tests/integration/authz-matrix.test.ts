// The authorization matrix of docs/security.md, checked cell by cell against the running server: every page,
// API route, socket.io event and Yjs document kind × every role. The table is parsed at test time, so the
// document and the server cannot drift apart, and a route without a row fails the completeness check.
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import { io as ioClient } from "socket.io-client";
import type { RunningApp } from "../../server/app.js";
import { API_ROUTES } from "../../app/api/routes.server.js";
import { documentName, RATIONALE_FIELD } from "../../app/models/collaboration.server.js";
import { api } from "../support/api.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { startTestApp } from "../support/server.js";
import { buildRoleWorld, ROLES, type RoleName, type RoleWorld } from "../support/roles.js";

// ---------------------------------------------------------------------------------------------
// The table

interface MatrixRow {
  kind: "page" | "api" | "socket" | "yjs";
  target: string;
  source: string;
  cells: Record<RoleName, string>;
}

/** Route files that serve no page of their own (documented under the table). */
const RESOURCE_ONLY_ROUTE_FILES = ["api.v1.$.tsx"];

export function parseMatrix(markdown: string): MatrixRow[] {
  const start = markdown.indexOf("<!-- authz-matrix:start -->");
  const end = markdown.indexOf("<!-- authz-matrix:end -->");
  if (start < 0 || end < start) throw new Error("docs/security.md: authz-matrix markers missing");
  const lines = markdown
    .slice(start, end)
    .split("\n")
    .filter((l) => l.startsWith("|"));
  const cellsOf = (line: string) =>
    line
      .slice(1, -1)
      .split("|")
      .map((c) => c.trim().replace(/^`|`$/g, ""));
  const header = cellsOf(lines[0]!);
  expect(header).toEqual(["kind", "target", "source", ...ROLES]);
  return lines.slice(2).map((line) => {
    const c = cellsOf(line);
    return {
      kind: c[0] as MatrixRow["kind"],
      target: c[1]!.replace(/\\\|/g, "|"),
      source: c[2]!,
      cells: Object.fromEntries(ROLES.map((r, i) => [r, c[3 + i]!])) as Record<RoleName, string>,
    };
  });
}

const matrix = parseMatrix(readFileSync("docs/security.md", "utf8"));

describe("the authorization matrix is complete", () => {
  test("every API route has a row", () => {
    const rows = new Set(matrix.filter((r) => r.kind === "api").map((r) => r.target));
    const missing = API_ROUTES.map((r) => `${r.method} /api/v1${r.path}`).filter((t) => !rows.has(t));
    expect(missing).toEqual([]);
    expect(rows.size).toBe(API_ROUTES.length);
  });

  test("every route file has a page row (or is a documented resource-only helper)", () => {
    const sources = new Set(matrix.filter((r) => r.kind === "page").map((r) => r.source));
    const files = readdirSync("app/routes").filter((f) => !RESOURCE_ONLY_ROUTE_FILES.includes(f));
    expect(files.filter((f) => !sources.has(f))).toEqual([]);
    expect([...sources].filter((s) => !files.includes(s))).toEqual([]);
  });

  test("socket.io events and Yjs document kinds have rows", () => {
    expect(matrix.filter((r) => r.kind === "socket").map((r) => r.target)).toEqual(["connect", "consultation:join"]);
    expect(
      matrix
        .filter((r) => r.kind === "yjs")
        .map((r) => r.target)
        .sort(),
    ).toEqual(["rationale (closed round)", "rationale (open round)", "wording (closed round)", "wording (open round)"]);
  });
});

// ---------------------------------------------------------------------------------------------
// Probes: what the server actually answers one role for one row.

interface Probe {
  app: RunningApp;
  t: TestDb;
  world: RoleWorld;
  adminTokenId: string;
}

const enc = encodeURIComponent;

function pagePath(p: Probe, target: string): string {
  const { world } = p;
  const path = target.replace(/^GET /, "");
  // The live view is a real-time round's: the world's real-time study, its window open.
  if (path.includes("/live/"))
    return path.replace("{id}", world.realtime!.consultationId).replace("{number}", String(world.realtime!.number));
  const round = path.includes("/review/") ? world.closedRound : world.openRound;
  return path
    .replace("{id}", world.consultationId)
    .replace("{number}", String(round.number))
    .replace("{key}", enc(world.closedRound.keys[0]!))
    .replace("{file}", "ratings.csv")
    .replace("{slug}", world.modelSlug)
    .replace("{token}", "not-a-real-invitation-token");
}

async function probePage(p: Probe, target: string, role: RoleName): Promise<string> {
  const cookie = p.world.callers[role].cookie;
  const res = await fetch(`${p.app.url}${pagePath(p, target)}`, {
    redirect: "manual",
    headers: { ...(cookie ? { cookie } : {}), accept: "text/html" },
  });
  await res.arrayBuffer();
  if (res.status >= 300 && res.status < 400)
    return (res.headers.get("location") ?? "").startsWith("/login") ? "302 login" : "302";
  return String(res.status);
}

/** Rounds whose state makes a state-changing call answer without changing anything for later cells. */
const ON_CLOSED_ROUND = [
  "/rounds/{id}/open",
  "/rounds/{id}/close",
  "/rounds/{id}/results",
  "/rounds/{id}/review",
  "/rounds/{id}/items/{itemId}/decision",
  "/rounds/{id}/decisions/accept",
];

const demoModelFile = () => JSON.parse(readFileSync("prisma/demo-model.json", "utf8")) as Record<string, unknown>;

let unique = 0;
function apiCall(p: Probe, method: string, path: string): { path: string; body?: unknown; csv?: string } {
  const { world } = p;
  const round = ON_CLOSED_ROUND.includes(path) ? world.closedRound : world.openRound;
  const resolved = path
    .replace(/^\/consultations\/\{id\}/, `/consultations/${world.consultationId}`)
    .replace(/^\/rounds\/\{id\}/, `/rounds/${path.endsWith("/live") ? world.realtime!.roundId : round.id}`)
    .replace("{itemId}", round.itemIds[0]!)
    .replace("{key}", enc(world.closedRound.keys[0]!))
    .replace("{file}", "ratings.csv")
    .replace("{slug}", world.modelSlug)
    .replace("{seq}", "1")
    // A proposal nobody made: the probes must not withdraw or triage one of the world.
    .replace("{number}", "999")
    .replace("{token}", "not-a-real-invitation-token")
    .replace(/^\/tokens\/\{id\}/, `/tokens/${p.adminTokenId}`);
  unique += 1;
  const bodies: Record<string, unknown> = {
    "POST /consultations": { title: "Matrix", modelSlug: world.modelSlug, items: "indicators" },
    "POST /consultations/{id}/panellists": {
      name: "Matrix Person",
      email: `matrix${unique}@roles.example`,
      stakeholderType: "ELSI",
    },
    "POST /consultations/{id}/members": { email: `staff${unique}@roles.example`, role: "observer" },
    "POST /consultations/{id}/rounds": { items: [{ key: world.closedRound.keys[0] }] },
    // Each extension later than the one before.
    "POST /rounds/{id}/extend": { deadline: new Date(Date.now() + 86_400_000 + unique * 3_600_000).toISOString() },
    "PUT /rounds/{id}/items/{itemId}/rating": { value: 3 },
    // The open round is only partly answered by then: a partial submission, confirmed.
    "POST /rounds/{id}/submit": { confirmPartial: true },
    "PUT /rounds/{id}/items/{itemId}/decision": { decision: "accept" },
    "POST /consultations/{id}/restructurings": {
      operation: "rename",
      key: world.closedRound.keys[0],
      wording: "Matrix",
      rationale: "matrix",
    },
    "POST /consultations/{id}/proposals": {
      kind: "indicator",
      target: world.openRound.keys.find((k) => !k.includes(".")) ?? "I",
      statement: "A matrix indicator",
      reason: "matrix",
    },
    "PUT /consultations/{id}/proposals/{number}/triage": { outcome: "rejected", reason: "matrix" },
    "POST /tokens": { name: "matrix" },
    // null leaves every caller's language as it was
    "PUT /me/language": { language: null },
    // too short for anyone: the cell shows who may call it, nobody's password changes
    "PUT /me/password": { currentPassword: "x", password: "short" },
    // the open round has no deadline in the world: an empty schedule is what it can hold
    "PUT /rounds/{id}/reminder-schedule": { hours: [] },
    // Credentials nobody has: the route is public, what it answers depends on them alone.
    "POST /auth/token": { email: "nobody@roles.example", password: "not the password", name: "matrix" },
    "POST /models": { ...demoModelFile(), name: `Matrix model ${unique}` },
    "PUT /consultations/{id}/min-group-size": { minGroupSize: 4 },
    "PUT /consultations/{id}/rule": { rulePreset: "b1mg-2021" },
    // {memberId} stays a made-up id: the probe must not withdraw a panellist of the world.
    "POST /consultations/{id}/panellists/{memberId}/withdraw": { answers: "keep" },
  };
  if (path === "/consultations/{id}/panellists.csv")
    return {
      path: resolved,
      csv: `name,email,stakeholder type,country,gender,working group/expertise\nCsv Person,csv${unique}@roles.example,ELSI,BE,,`,
    };
  return { path: resolved, body: bodies[`${method} ${path}`] };
}

async function probeApi(p: Probe, target: string, role: RoleName): Promise<string> {
  const [method, fullPath] = target.split(" ") as [string, string];
  const call = apiCall(p, method, fullPath.replace(/^\/api\/v1/, ""));
  const headers: Record<string, string> = {};
  const cookie = p.world.callers[role].cookie;
  if (cookie) headers.cookie = cookie;
  let body: string | undefined;
  if (call.csv !== undefined) {
    body = call.csv;
    headers["content-type"] = "text/csv";
  } else if (call.body !== undefined) {
    body = JSON.stringify(call.body);
    headers["content-type"] = "application/json";
  }
  const res = await fetch(`${p.app.url}/api/v1${call.path}`, { method, headers, body, redirect: "manual" });
  await res.arrayBuffer();
  return String(res.status);
}

async function probeSocket(p: Probe, target: string, role: RoleName): Promise<string> {
  const cookie = p.world.callers[role].cookie;
  const socket = ioClient(p.app.url, {
    transports: ["websocket"],
    extraHeaders: cookie ? { cookie } : {},
    reconnection: false,
    timeout: 5_000,
  });
  try {
    const connected = await new Promise<boolean>((resolve) => {
      socket.once("connect", () => resolve(true));
      socket.once("connect_error", () => resolve(false));
    });
    if (target === "connect") return connected ? "ok" : "denied";
    if (!connected) return "denied";
    const reply = (await socket
      .timeout(5_000)
      .emitWithAck("consultation:join", { consultationId: p.world.consultationId })) as { ok: boolean };
    return reply.ok ? "ok" : "denied";
  } finally {
    socket.close();
  }
}

/** Opens the document, syncs, then tries to write: "write" if the server keeps the edit, "read" if it refuses it. */
async function probeYjs(p: Probe, target: string, role: RoleName): Promise<string> {
  const [kind, state] = /^(rationale|wording) \((open|closed) round\)$/.exec(target)!.slice(1) as [
    "rationale" | "wording",
    "open" | "closed",
  ];
  const round = state === "open" ? p.world.openRound : p.world.closedRound;
  const name = documentName(kind, round.itemIds[ROLES.indexOf(role) % round.itemIds.length]!);
  const cookie = p.world.callers[role].cookie;
  const ws = new WebSocket(`${p.app.url.replace("http", "ws")}/yjs/${name}`, {
    headers: cookie ? { cookie } : {},
  });
  const opened = await new Promise<number | "open">((resolve, reject) => {
    ws.once("open", () => resolve("open"));
    ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
    ws.once("error", reject);
  });
  if (opened !== "open") return String(opened);
  const doc = new Y.Doc();
  const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
  const synced = new Promise<void>((resolve) => {
    ws.on("message", (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(decoder) !== 0) return;
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, 0);
      const type = syncProtocol.readSyncMessage(decoder, reply, doc, "server");
      if (type === syncProtocol.messageYjsSyncStep2) resolve();
    });
  });
  const send = (write: (e: encoding.Encoder) => void) => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    write(e);
    ws.send(encoding.toUint8Array(e));
  };
  send((e) => syncProtocol.writeSyncStep1(e, doc));
  await synced;
  const before = doc.getXmlFragment(RATIONALE_FIELD).length;
  const probeDoc = new Y.Doc();
  Y.applyUpdate(probeDoc, Y.encodeStateAsUpdate(doc));
  const sv = Y.encodeStateVector(probeDoc);
  // A paragraph, as the editor writes: the server refuses content its schema cannot show (4400).
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(`probe by ${role}`)]);
  probeDoc.getXmlFragment(RATIONALE_FIELD).insert(before, [paragraph]);
  send((e) => syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(probeDoc, sv)));
  const outcome = await Promise.race([
    closed.then((code) => (code === 4403 ? "read" : `closed ${code}`)),
    new Promise<string>((resolve) => setTimeout(() => resolve("write"), 600)),
  ]);
  ws.terminate();
  return outcome;
}

async function observe(p: Probe, row: MatrixRow, role: RoleName): Promise<string> {
  if (row.kind === "page") return probePage(p, row.target, role);
  if (row.kind === "api") return probeApi(p, row.target, role);
  if (row.kind === "socket") return probeSocket(p, row.target, role);
  return probeYjs(p, row.target, role);
}

// ---------------------------------------------------------------------------------------------

describe.each(providers)("authorization matrix on %s", (provider) => {
  let t: TestDb;
  let app: RunningApp;
  let probe: Probe;
  beforeAll(async () => {
    t = await createTestDb(provider);
    app = await startTestApp(t);
    const world = await buildRoleWorld(t, app, { realtime: true });
    const token = await api(app, "POST", "/tokens", world.callers.admin, { name: "owned by the admin" });
    probe = { app, t, world, adminTokenId: token.body.id };
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  // Cells run in table order, one role after the other, so state-changing calls see a known state.
  test.each(matrix.map((row) => [`${row.kind} ${row.target}`, row] as const))(
    "%s",
    async (_name, row) => {
      const observed: Record<string, string> = {};
      for (const role of ROLES) observed[role] = await observe(probe, row, role);
      if (process.env.AUTHZ_PRINT)
        console.log(
          `| ${row.kind} | \`${row.target}\` | ${row.source} | ${ROLES.map((r) => observed[r]).join(" | ")} |`,
        );
      expect(observed).toEqual(row.cells);
    },
    // the report.pdf row renders three whole PDFs (moderator, observer, admin): seconds each on a busy machine
    60_000,
  );
});
