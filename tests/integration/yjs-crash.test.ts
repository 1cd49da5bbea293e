// fault: the server is killed (SIGKILL) while two panellists edit a rationale. After a restart on the
// same database everything stored before the kill is there, and the edits the clients made while the
// server was down merge when their providers reconnect.
import { spawn, type ChildProcess } from "node:child_process";
import { afterEach, describe, expect, test } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import type { RunningApp } from "../../server/app.js";
import { importModel } from "../../app/models/model.server.js";
import { documentName, plainText, RATIONALE_FIELD } from "../../app/models/collaboration.server.js";
import { loadDocument } from "../../server/realtime/yjs-persistence.js";
import { api, redeem, syntheticModel, type Caller } from "../support/api.js";
import { linksFor, testSmtpUrl } from "../support/mail.js";
import { createTestDb, providers, type TestDb } from "../support/db.js";
import { createTestUser, login } from "../support/server.js";

const waitFor = <T>(check: () => T | Promise<T>, timeout = 20_000) => vi.waitFor(check, { timeout, interval: 50 });

describe.each(providers)("fault: server killed while two clients edit on %s", (provider) => {
  const children: ChildProcess[] = [];
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    children.splice(0).forEach((c) => c.kill("SIGKILL"));
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function startServer(url: string, port: number) {
    const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
      env: {
        ...process.env,
        NODE_ENV: "test",
        SEED_DEMO: "false",
        PORT: String(port),
        HOST: "127.0.0.1",
        DATABASE_URL: url,
        SMTP_URL: await testSmtpUrl(),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.on("data", (d) => (out += d));
    await waitFor(() => expect(out).toContain("listening on"), 60_000);
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    return { child, exited, app: { url: `http://127.0.0.1:${port}` } as RunningApp };
  }

  test("stored edits survive the kill and offline edits merge after the restart", { timeout: 180_000 }, async () => {
    const t: TestDb = await createTestDb(provider);
    cleanup.push(() => t.drop());
    const admin = await createTestUser(t, { isAdmin: true });
    await importModel(t.db, syntheticModel("Crash model", 1, 1, 1));
    const port = 20000 + Math.floor(Math.random() * 20000);
    let server = await startServer(t.url, port);
    const moderator: Caller = { cookie: await login(server.app, admin.email, admin.password) };
    const { id, roundId } = (
      await api(server.app, "POST", "/consultations", moderator, {
        title: "Crash",
        modelSlug: "crash-model",
        items: "indicators",
      })
    ).body;
    await api(server.app, "POST", `/consultations/${id}/panellists`, moderator, [
      { name: "Crash A", email: "a@crash.example", stakeholderType: "ELSI" },
      { name: "Crash B", email: "b@crash.example", stakeholderType: "ELSI" },
    ]);
    const links = await linksFor(t.db, ["a@crash.example", "b@crash.example"]);
    const cookies = [
      await redeem(server.app, links.get("a@crash.example")!),
      await redeem(server.app, links.get("b@crash.example")!),
    ];
    await api(server.app, "POST", `/rounds/${roundId}/open`, moderator);
    const itemId = (await api(server.app, "GET", `/rounds/${roundId}`, { cookie: cookies[0] })).body.items[0]
      .id as string;
    const name = documentName("rationale", itemId);

    const open = async (cookie: string) => {
      const doc = new Y.Doc();
      const WithCookie = class extends WebSocket {
        constructor(url: string, protocols?: string | string[]) {
          super(url, protocols, { headers: { cookie } });
        }
      };
      const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/yjs`, name, doc, {
        WebSocketPolyfill: WithCookie as never,
        disableBc: true,
        maxBackoffTime: 500,
      });
      cleanup.push(() => provider.destroy());
      await waitFor(() => expect(provider.synced).toBe(true));
      return { doc, provider };
    };
    const paragraph = (doc: Y.Doc, text: string) => {
      const p = new Y.XmlElement("paragraph");
      p.insert(0, [new Y.XmlText(text)]);
      const fragment = doc.getXmlFragment(RATIONALE_FIELD);
      fragment.insert(fragment.length, [p]);
    };
    const stored = async () => {
      const doc = new Y.Doc();
      await loadDocument(t.db, name, doc);
      return plainText(doc);
    };

    const a = await open(cookies[0]!);
    const b = await open(cookies[1]!);
    paragraph(a.doc, "A before the crash");
    paragraph(b.doc, "B before the crash");
    // Acknowledged = stored: wait until the server has written both edits.
    await waitFor(async () => {
      const text = await stored();
      expect(text).toContain("A before the crash");
      expect(text).toContain("B before the crash");
    });

    server.child.kill("SIGKILL");
    await server.exited;
    paragraph(a.doc, "A while the server was down");
    paragraph(b.doc, "B while the server was down");

    server = await startServer(t.url, port);
    for (const side of [a, b])
      await waitFor(() => {
        const text = plainText(side.doc);
        for (const line of [
          "A before the crash",
          "B before the crash",
          "A while the server was down",
          "B while the server was down",
        ])
          expect(text).toContain(line);
      });
    expect(plainText(a.doc)).toBe(plainText(b.doc));
    await waitFor(async () => expect(await stored()).toBe(plainText(a.doc)));
  });
});
