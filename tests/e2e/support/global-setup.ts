// Starts the SMTP capture the e2e server sends its mail to (see tests/e2e/support/mail.ts).
import { startMailSink, writeMailTo } from "../../support/mail-sink";
import { E2E_SMTP_PORT, mailDir } from "./mail";

export default async function globalSetup() {
  const sink = await startMailSink({ port: E2E_SMTP_PORT, onMail: writeMailTo(mailDir()) });
  return () => sink.close();
}
