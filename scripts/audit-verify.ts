// npm run audit:verify -- <consultationId> [--head] [--notarised <seq>:<hash>]: recomputes a
// consultation's audit chain. Exit 0 intact, 1 broken, 2 could not check (usage, database).
import { parseArgs } from "node:util";
import { listAuditEvents } from "../app/models/audit.server.js";
import { verifyConsultationAudit } from "../app/models/rating-log.server.js";
import { loadConfig } from "../server/config.js";
import { openDb, type Db } from "../server/db/client.js";
import { GENESIS_HASH, type ChainTip } from "../shared/audit/chain.js";

const USAGE = "usage: npm run audit:verify -- <consultationId> [--head] [--notarised <seq>:<hash>]";

function parseCommandLine(): { consultationId: string; head: boolean; notarisedHead?: ChainTip } {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { head: { type: "boolean", default: false }, notarised: { type: "string" } },
  });
  if (positionals.length !== 1) throw new Error(USAGE);
  let notarisedHead: ChainTip | undefined;
  if (values.notarised !== undefined) {
    const match = /^(\d+):([0-9a-f]{64})$/.exec(values.notarised);
    if (!match) throw new Error(`--notarised: expected <seq>:<64 hex digits>, got ${values.notarised}`);
    notarisedHead = { seq: Number(match[1]), hash: match[2]! };
  }
  return { consultationId: positionals[0]!, head: values.head, notarisedHead };
}

let args: ReturnType<typeof parseCommandLine>;
try {
  args = parseCommandLine();
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

let db: Db | undefined;
try {
  // Verification only reads: never migrate the database it inspects.
  db = await openDb(loadConfig().databaseUrl, { migrate: false });
  const verdict = await verifyConsultationAudit(db, args.consultationId, { notarisedHead: args.notarisedHead });
  if (!verdict.ok) {
    const { seq, id, reason } = verdict.brokenAt;
    console.error(`chain broken at event seq ${seq} (id ${id ?? "none"}): ${reason}`);
    process.exitCode = 1;
  } else if (args.head) {
    // The head just verified (not a newer one appended meanwhile); genesis at seq 0 for an empty chain.
    const [last] =
      verdict.events > 0
        ? await listAuditEvents(db, args.consultationId, { afterSeq: verdict.events - 1, limit: 1 })
        : [];
    const head = last
      ? { consultationId: last.consultationId, seq: last.seq, hash: last.hash, at: last.at }
      : { consultationId: args.consultationId, seq: 0, hash: GENESIS_HASH, at: null };
    console.log(JSON.stringify(head));
  } else {
    if (verdict.events === 0) console.error(`note: consultation ${args.consultationId} has no audit events`);
    console.log(`chain intact: ${verdict.events} events, head ${verdict.head}`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
} finally {
  await db?.$disconnect();
}
