// Outbox delivery: over real SMTP (a tiny SMTP server in the test) and, without SMTP, to the log; sign-in
// links exist only in the message sent (minted at send time, hashed, scrubbed from the stored copy).
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { deliverOutbox } from "../../server/mail.js";
import { createConsultation } from "../../app/models/consultation.server.js";
import { importModel } from "../../app/models/model.server.js";
import { addPanellists, listOutbox } from "../../app/models/panel.server.js";
import type { SessionUser } from "../../app/models/user.server.js";
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
  let consultationId: string;
  let admin: SessionUser;
  let people = 0;
  const from = "delphi@example.org";
  const publicUrl = "https://delphi.example.org";
  /** Queues one invitation for a new panellist and returns their address. */
  const invite = async () => {
    const email = `nia${++people}@mail.example`;
    await addPanellists(t.db, admin, consultationId, [{ name: "Nia Mail", email, stakeholderType: "ELSI" }], {
      publicUrl,
    });
    return email;
  };
  const invitationOf = async (email: string) =>
    t.db.invitation.findFirstOrThrow({ where: { member: { user: { email } } }, orderBy: { createdAt: "desc" } });
  beforeAll(async () => {
    t = await createTestDb("sqlite");
    sink = await smtpSink();
    admin = await createTestUser(t, { isAdmin: true });
    await importModel(t.db, syntheticModel("Mail model", 1, 1, 1));
    const c = await createConsultation(t.db, admin, {
      title: "Mail study",
      modelSlug: "mail-model",
      items: "indicators",
    });
    consultationId = c.id;
  });
  afterAll(async () => {
    sink.server.close();
    await t.drop();
  });

  test("a queued invitation holds no token: only a placeholder, and no hash that could be redeemed", async () => {
    const email = await invite();
    const [queued] = await t.db.outboxMessage.findMany({ where: { to: email } });
    expect(queued!.body).toContain("{{link}}");
    expect(queued!.body).not.toMatch(/\/invite\//);
    expect((await invitationOf(email)).tokenHash).toBeNull();
    await t.db.outboxMessage.deleteMany({ where: { to: email } });
  });

  test("without SMTP the link is minted at send time, written to the log only, and scrubbed from the stored body", async () => {
    const email = await invite();
    const lines: string[] = [];
    expect(await deliverOutbox(t.db, { from, publicUrl, log: (l) => lines.push(l) })).toBe(1);
    expect(lines[0]).toMatch(
      /^\[outbox\] invitation to nia\d+@mail\.example: Invitation: Mail study — https:\/\/delphi\.example\.org\/invite\/[\w-]{43}$/,
    );
    const token = lines[0]!.split("/invite/")[1]!;
    expect((await invitationOf(email)).tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    const [stored] = await t.db.outboxMessage.findMany({ where: { to: email } });
    expect(stored!.body).not.toContain(token);
    expect(stored!.body).not.toContain("{{link}}");
    expect(stored!.body).toContain("[personal sign-in link, removed after sending]");
    // Nowhere in the database: not in any table, in plain text.
    expect(JSON.stringify(await dumpTables(t))).not.toContain(token);
    expect(await deliverOutbox(t.db, { from, publicUrl, log: (l) => lines.push(l) })).toBe(0);
  });

  test("with SMTP_URL the message is sent over SMTP with its link, and the stored copy has none", async () => {
    const email = await invite();
    expect(await deliverOutbox(t.db, { smtpUrl: `smtp://127.0.0.1:${sink.port}`, from, publicUrl })).toBe(1);
    expect(sink.messages).toHaveLength(1);
    expect(sink.messages[0]).toContain(`To: ${email}`);
    expect(sink.messages[0]).toContain("https://delphi.example.org/invite/");
    const [stored] = await t.db.outboxMessage.findMany({ where: { to: email } });
    expect(stored!.body).not.toMatch(/\/invite\//);
  });

  test("a failing SMTP server leaves the message unsent with the error recorded", async () => {
    const email = await invite();
    expect(await deliverOutbox(t.db, { smtpUrl: "smtp://127.0.0.1:1", from, publicUrl })).toBe(0);
    const [m] = await t.db.outboxMessage.findMany({ where: { to: email } });
    expect(m!.sentAt).toBeNull();
    expect(m!.error).toMatch(/ECONNREFUSED|connect/);
    expect(m!.body).toContain("{{link}}");
    expect((await listOutbox(t.db, admin, consultationId)).find((o) => o.to === email)!.status).toBe("failed");
  });
});

/** Every row of every table that could hold a link. */
async function dumpTables(t: TestDb) {
  return {
    outbox: await t.db.outboxMessage.findMany(),
    invitations: await t.db.invitation.findMany(),
    audit: await t.db.auditEvent.findMany(),
  };
}

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
      const deliver = () =>
        deliverOutbox(t.db, { from: "d@example.org", publicUrl: "http://x", log: (l) => lines.push(l) });
      const [a, b] = await Promise.all([deliver(), deliver()]);
      expect(a + b).toBe(3);
      expect(lines).toHaveLength(3);
    } finally {
      await t.drop();
    }
  });
});
