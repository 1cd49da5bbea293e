// Outbox delivery: over real SMTP (a tiny SMTP server in the test) and, without SMTP, to the log.
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { deliverOutbox } from "../../server/mail.js";
import { createConsultation } from "../../app/models/consultation.server.js";
import { importModel } from "../../app/models/model.server.js";
import { addPanellists } from "../../app/models/panel.server.js";
import { syntheticModel } from "../support/api.js";
import { createTestDb, type TestDb } from "../support/db.js";
import { createTestUser } from "../support/server.js";

/** A minimal SMTP server that accepts everything and keeps the DATA of each message. */
function smtpSink(): Promise<{ server: Server; port: number; messages: string[] }> {
  const messages: string[] = [];
  const server = createServer((socket) => {
    let data = false;
    let buffer = "";
    socket.write("220 sink ESMTP\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString();
      let i: number;
      while ((i = buffer.indexOf("\r\n")) >= 0 || (data && buffer.includes("\r\n.\r\n"))) {
        if (data) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          messages.push(buffer.slice(0, end));
          buffer = buffer.slice(end + 5);
          data = false;
          socket.write("250 queued\r\n");
          continue;
        }
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const cmd = line.slice(0, 4).toUpperCase();
        if (cmd === "EHLO" || cmd === "HELO") socket.write("250 sink\r\n");
        else if (cmd === "DATA") {
          data = true;
          socket.write("354 go ahead\r\n");
        } else if (cmd === "QUIT") socket.end("221 bye\r\n");
        else socket.write("250 ok\r\n");
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ server, port: (server.address() as { port: number }).port, messages }),
    ),
  );
}

describe("outbox delivery", () => {
  let t: TestDb;
  let sink: Awaited<ReturnType<typeof smtpSink>>;
  beforeAll(async () => {
    t = await createTestDb("sqlite");
    sink = await smtpSink();
    const admin = await createTestUser(t, { isAdmin: true });
    await importModel(t.db, syntheticModel("Mail model", 1, 1, 1));
    const c = await createConsultation(t.db, admin, {
      title: "Mail study",
      modelSlug: "mail-model",
      items: "indicators",
    });
    await addPanellists(t.db, admin, c.id, [{ name: "Nia Mail", email: "nia@mail.example", stakeholderType: "ELSI" }], {
      publicUrl: "https://delphi.example.org",
    });
  });
  afterAll(async () => {
    sink.server.close();
    await t.drop();
  });

  test("without SMTP the invitation link is written to the log, and each message is delivered once", async () => {
    const lines: string[] = [];
    const snapshot = await t.db.outboxMessage.findMany();
    await t.db.outboxMessage.updateMany({ data: { sentAt: null } });
    expect(await deliverOutbox(t.db, { from: "delphi@example.org", log: (l) => lines.push(l) })).toBe(1);
    expect(lines[0]).toMatch(
      /^\[outbox\] invitation to nia@mail\.example: Invitation: Mail study — https:\/\/delphi\.example\.org\/invite\/[\w-]{43}$/,
    );
    expect(await deliverOutbox(t.db, { from: "delphi@example.org", log: (l) => lines.push(l) })).toBe(0);
    expect(snapshot).toHaveLength(1);
  });

  test("with SMTP_URL the message is sent over SMTP", async () => {
    await t.db.outboxMessage.updateMany({ data: { sentAt: null } });
    expect(await deliverOutbox(t.db, { smtpUrl: `smtp://127.0.0.1:${sink.port}`, from: "delphi@example.org" })).toBe(1);
    expect(sink.messages).toHaveLength(1);
    expect(sink.messages[0]).toContain("To: nia@mail.example");
    expect(sink.messages[0]).toContain("https://delphi.example.org/invite/");
  });

  test("a failing SMTP server leaves the message unsent with the error recorded", async () => {
    await t.db.outboxMessage.updateMany({ data: { sentAt: null } });
    expect(await deliverOutbox(t.db, { smtpUrl: "smtp://127.0.0.1:1", from: "delphi@example.org" })).toBe(0);
    const [m] = await t.db.outboxMessage.findMany();
    expect(m!.sentAt).toBeNull();
    expect(m!.error).toMatch(/ECONNREFUSED|connect/);
  });
});

describe("outbox delivery with several instances", () => {
  test("two deliverers polling at once send each message once", async () => {
    const t = await createTestDb("sqlite");
    try {
      const admin = await createTestUser(t, { isAdmin: true });
      await importModel(t.db, syntheticModel("Mail model 2", 1, 1, 1));
      const c = await createConsultation(t.db, admin, {
        title: "Twice",
        modelSlug: "mail-model-2",
        items: "indicators",
      });
      await addPanellists(
        t.db,
        admin,
        c.id,
        [1, 2, 3].map((i) => ({ name: `P ${i}`, email: `p${i}@mail.example`, stakeholderType: "ELSI" as const })),
        { publicUrl: "http://x" },
      );
      const lines: string[] = [];
      const deliver = () => deliverOutbox(t.db, { from: "d@example.org", log: (l) => lines.push(l) });
      const [a, b] = await Promise.all([deliver(), deliver()]);
      expect(a + b).toBe(3);
      expect(lines).toHaveLength(3);
    } finally {
      await t.drop();
    }
  });
});
