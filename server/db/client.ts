// Opens the Prisma client for DATABASE_URL: SQLite (WAL) by default, PostgreSQL when configured.
// Both generated clients share one model API; the app is typed against the SQLite one.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "../../generated/sqlite/client.js";
import { PrismaClient as PostgresClient } from "../../generated/postgresql/client.js";
import { migrate } from "./migrate.js";
import { attachHotPath, openHotPath } from "./hot-path.js";
import { isPostgresUrl, sqliteFilePath } from "./url.js";

export type Db = SqliteClient;

// SQLite runs one write transaction at a time: under a burst of autosaves a transaction may wait
// its turn for a while. Waiting (bounded) beats failing an acknowledged-looking save.
const transactionOptions = { maxWait: 15_000, timeout: 15_000 };

export interface OpenDbOptions {
  /** Apply pending migrations first (default true). */
  migrate?: boolean;
}

/**
 * SQLite transactions start as BEGIN IMMEDIATE: the hot path (server/db/hot-path.ts) writes from a
 * second connection, and a deferred transaction that read before that write committed could no longer write
 * (SQLITE_BUSY_SNAPSHOT). Taking the write lock up front makes it wait its turn instead.
 */
class ImmediateTransactions extends PrismaBetterSQLite3 {
  override async connect() {
    const adapter = await super.connect();
    const client = (adapter as unknown as { client: { prepare(sql: string): unknown } }).client;
    const prepare = client.prepare.bind(client);
    client.prepare = (sql: string) => prepare(sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql);
    return adapter;
  }
}

/** The client and its hot path, closed together. */
function withHotPath<T extends { $disconnect(): Promise<void> }>(db: T, url: string): T {
  const store = openHotPath(url);
  attachHotPath(db, store);
  const disconnect = db.$disconnect.bind(db);
  db.$disconnect = async () => {
    await store.close();
    await disconnect();
  };
  return db;
}

export async function openDb(url: string, options: OpenDbOptions = {}): Promise<Db> {
  if (!isPostgresUrl(url)) mkdirSync(dirname(sqliteFilePath(url)), { recursive: true });
  if (options.migrate !== false) await migrate(url);
  if (isPostgresUrl(url)) {
    const db = new PostgresClient({ adapter: new PrismaPg({ connectionString: url }), transactionOptions });
    await db.$connect();
    return withHotPath(db as unknown as Db, url);
  }
  const db = new SqliteClient({
    adapter: new ImmediateTransactions({ url: `file:${sqliteFilePath(url)}` }),
    transactionOptions,
  });
  // WAL lets readers proceed during a write; busy_timeout queues writers instead of failing.
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$queryRawUnsafe("PRAGMA busy_timeout = 5000");
  await db.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  return withHotPath(db, url);
}
