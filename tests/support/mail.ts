// A real SMTP server for tests (smtp-server, by the nodemailer authors). The outbox is delivered to it
// over SMTP and tests read sign-in links from the received mails, as a panellist would: no page, API or
// table holds a usable link any more.
import type { Db } from "../../server/db/client.js";
import { deliverOutbox } from "../../server/mail.js";
import { linkIn, startMailSink, type CapturedMail, type MailSink } from "./mail-sink.js";

export { linkIn, type CapturedMail } from "./mail-sink.js";

let shared: Promise<MailSink> | undefined;

/** One sink per test process, left open (unreferenced) until the process ends. */
function sharedSink() {
  shared ??= startMailSink({ unref: true });
  return shared;
}

/**
 * Delivers the outbox over SMTP to a test sink (as the server's mailer does) and returns the mails
 * that were sent by this call.
 */
export async function deliverMail(db: Db, publicUrl = "http://delphi.test"): Promise<CapturedMail[]> {
  const sink = await sharedSink();
  const before = sink.mails.length;
  await deliverOutbox(db, { smtpUrl: sink.url, from: "delphi@test.example", publicUrl });
  return sink.mails.slice(before);
}

/** Delivers the outbox and returns the sign-in link mailed to each address (the latest one per address). */
export async function mailedLinks(db: Db, publicUrl?: string): Promise<Map<string, string>> {
  const links = new Map<string, string>();
  for (const mail of await deliverMail(db, publicUrl)) {
    const link = linkIn(mail);
    if (link) links.set(mail.to, link);
  }
  return links;
}

/** The SMTP_URL of this process's test sink, for servers started as child processes. */
export async function testSmtpUrl(): Promise<string> {
  return (await sharedSink()).url;
}

/**
 * The latest sign-in link mailed to each of `emails`: delivers the outbox itself, and waits for mails a
 * child server's own mailer (SMTP_URL = testSmtpUrl()) may have claimed first.
 */
export async function linksFor(db: Db, emails: string[], timeoutMs = 20_000): Promise<Map<string, string>> {
  const sink = await sharedSink();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await deliverMail(db);
    const links = new Map<string, string>();
    for (const mail of sink.mails) {
      const link = linkIn(mail);
      if (link) links.set(mail.to, link);
    }
    const missing = emails.filter((e) => !links.has(e));
    if (!missing.length) return new Map(emails.map((e) => [e, links.get(e)!]));
    if (Date.now() > deadline) throw new Error(`no sign-in link was mailed to ${missing.join(", ")}`);
    await new Promise((ok) => setTimeout(ok, 200));
  }
}
