// Sign-in links for browser specs come by mail, as for a real panellist: Playwright's global setup runs an
// SMTP server (SMTP_URL of the server under test) that writes every mail into the run's directory.
import { join } from "node:path";
import { waitForMailedLink } from "../../support/mail-sink";

export const E2E_SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 3124);
export const mailDir = () => join(process.env.E2E_DATA_DIR!, "mail");

/** The latest sign-in link mailed to `to` (waits for the server's mailer; `count` mails at least). */
export const mailedLink = (to: string, count = 1) => waitForMailedLink(mailDir(), to, count);
