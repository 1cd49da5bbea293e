// A real SMTP server for tests (smtp-server, by the nodemailer authors) and the parsing of what it receives.
// Used in-process by integration tests (tests/support/mail.ts) and by Playwright's global setup, which
// writes each mail to a directory the browser specs read sign-in links from.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface CapturedMail {
  to: string;
  subject: string;
  text: string;
}

export interface MailSink {
  url: string;
  mails: CapturedMail[];
  close(): Promise<void>;
}

const INVITE_LINK = /https?:\/\/[^\s"<>]+\/invite\/[\w-]{43}/;

/** The recipient, subject and plain text of a message (MIME decoding by mailparser, from the nodemailer authors). */
export async function parseMail(raw: Buffer): Promise<CapturedMail> {
  const mail = await simpleParser(raw);
  const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
  return { to: to?.value[0]?.address?.toLowerCase() ?? "", subject: mail.subject ?? "", text: mail.text ?? "" };
}

/** The sign-in link in a mail, if any. */
export const linkIn = (mail: CapturedMail) => INVITE_LINK.exec(mail.text)?.[0] ?? null;

/** Starts an SMTP server on a free port (or `port`); each received mail is kept and passed to `onMail`. */
export function startMailSink(options: { port?: number; unref?: boolean; onMail?: (mail: CapturedMail) => void } = {}) {
  const mails: CapturedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, done) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        parseMail(Buffer.concat(chunks)).then((mail) => {
          mails.push(mail);
          options.onMail?.(mail);
          done();
        }, done);
      });
    },
  });
  return new Promise<MailSink>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      const { port } = server.server.address() as { port: number };
      if (options.unref) server.server.unref();
      resolve({
        url: `smtp://127.0.0.1:${port}`,
        mails,
        close: () => new Promise<void>((ok) => server.close(() => ok())),
      });
    });
  });
}

/** For a sink in another process (Playwright's global setup): each mail as one JSON file in `dir`. */
export function writeMailTo(dir: string) {
  mkdirSync(dir, { recursive: true });
  let n = 0;
  return (mail: CapturedMail) =>
    writeFileSync(join(dir, `${Date.now()}-${process.pid}-${++n}.json`), JSON.stringify(mail));
}

/** The mails written by `writeMailTo(dir)`, oldest first. */
export function readMailFrom(dir: string): CapturedMail[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".json"));
  } catch {
    return [];
  }
  return files
    .sort((a, b) => {
      const [ta, , na] = a.split(/[-.]/).map(Number);
      const [tb, , nb] = b.split(/[-.]/).map(Number);
      return ta! - tb! || na! - nb!;
    })
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as CapturedMail);
}

/**
 * The latest sign-in link mailed to `to` among the mails in `dir`, waiting (the server's mailer polls every
 * few seconds) until at least `count` mails to that address have arrived.
 */
export async function waitForMailedLink(dir: string, to: string, count = 1, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const links = readMailFrom(dir)
      .filter((m) => m.to === to.toLowerCase())
      .map(linkIn)
      .filter((l): l is string => l !== null);
    if (links.length >= count) return links[links.length - 1]!;
    if (Date.now() > deadline) throw new Error(`no sign-in link mailed to ${to} within ${timeoutMs} ms`);
    await new Promise((ok) => setTimeout(ok, 250));
  }
}
