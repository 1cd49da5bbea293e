// Delivers the outbox: by SMTP when SMTP_URL is set, otherwise by writing each message, sign-in link
// included, to the server log (for the operator of a local trial only: no page or API shows links).
// A message's link is minted here, at send time, and scrubbed from the stored body once sent.
import nodemailer from "nodemailer";
import type { Db } from "./db/client.js";
import { LINK_PLACEHOLDER, SCRUBBED_LINK, mintInvitationLink } from "../app/models/panel.server.js";

export interface MailOptions {
  smtpUrl?: string;
  from: string;
  /** The server's public URL, the base of sign-in links. */
  publicUrl: string;
  log?: (line: string) => void;
}

/** Sends every unsent message once; a failure is recorded on the message and retried next time. */
export async function deliverOutbox(db: Db, options: MailOptions): Promise<number> {
  const pending = await db.outboxMessage.findMany({
    where: { sentAt: null },
    orderBy: { createdAt: "asc" },
    take: 100,
  });
  if (!pending.length) return 0;
  const transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;
  const log = options.log ?? ((line: string) => console.info(line));
  let sent = 0;
  for (const m of pending) {
    // Claim the message first: with several instances polling, only one of them sends it.
    const claimed = await db.outboxMessage.updateMany({
      where: { id: m.id, sentAt: null },
      data: { sentAt: new Date() },
    });
    if (claimed.count !== 1) continue;
    try {
      // A fresh token each attempt: one that was minted for a failed attempt never left this process.
      const link = m.invitationId ? await mintInvitationLink(db, m.invitationId, options.publicUrl) : null;
      const text = m.body.replaceAll(LINK_PLACEHOLDER, link ?? SCRUBBED_LINK);
      if (transport) await transport.sendMail({ from: options.from, to: m.to, subject: m.subject, text });
      else log(`[outbox] ${m.kind} to ${m.to}: ${m.subject}${link ? ` — ${link}` : ""}`);
      await db.outboxMessage.update({
        where: { id: m.id },
        data: { error: null, body: m.body.replaceAll(LINK_PLACEHOLDER, SCRUBBED_LINK) },
      });
      sent++;
    } catch (error) {
      // Not sent: release the claim so the next round retries it.
      await db.outboxMessage.update({
        where: { id: m.id },
        data: { sentAt: null, error: (error as Error).message.slice(0, 500) },
      });
    }
  }
  transport?.close();
  return sent;
}

/** Polls the outbox every few seconds until stopped. */
export function startMailer(db: Db, options: MailOptions, everyMs = 3_000): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running
      .then(() => deliverOutbox(db, options))
      .catch((error) => console.error("outbox delivery failed:", error));
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
