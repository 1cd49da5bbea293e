// Delivers the outbox: by SMTP when SMTP_URL is set, otherwise by writing each message to the server
// log (moderators also see every link in the consultation's outbox, to copy by hand).
import nodemailer from "nodemailer";
import type { Db } from "./db/client.js";

export interface MailOptions {
  smtpUrl?: string;
  from: string;
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
      if (transport) await transport.sendMail({ from: options.from, to: m.to, subject: m.subject, text: m.body });
      else log(`[outbox] ${m.kind} to ${m.to}: ${m.subject}`);
      await db.outboxMessage.update({ where: { id: m.id }, data: { error: null } });
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
