// Applies the committed Prisma migrations (prisma/migrations or prisma/postgresql/migrations)
// at start, recording them in Prisma's own `_prisma_migrations` table so `prisma migrate status`
// agrees. We apply them with the raw drivers because `prisma migrate deploy` through the
// PostgreSQL driver adapter fails (prisma/orm#27403), and it saves a CLI spawn per start/test.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { isPostgresUrl, sqliteFilePath } from "./url.js";

const TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;
const SQLITE_TABLE = TABLE.replace(/TIMESTAMPTZ/g, "DATETIME").replace("DEFAULT now()", "DEFAULT current_timestamp");

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function migrationsDir(url: string): string {
  return isPostgresUrl(url) ? "prisma/postgresql/migrations" : "prisma/migrations";
}

export function readMigrations(dir: string): Migration[] {
  if (!existsSync(dir)) throw new Error(`Migrations folder ${dir} not found (run from the project root)`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

function pending(all: Migration[], applied: { migration_name: string; checksum: string }[]): Migration[] {
  const done = new Map(applied.map((row) => [row.migration_name, row.checksum]));
  for (const m of all) {
    const checksum = done.get(m.name);
    if (checksum && checksum !== m.checksum)
      throw new Error(
        `Migration ${m.name} was modified after it was applied; restore it and add a new migration instead`,
      );
  }
  return all.filter((m) => !done.has(m.name));
}

/** Applies pending migrations, each in its own transaction. Returns the names applied. */
export async function migrate(url: string, dir = migrationsDir(url)): Promise<string[]> {
  const all = readMigrations(dir);
  return isPostgresUrl(url) ? migratePostgres(url, all) : migrateSqlite(url, all);
}

function migrateSqlite(url: string, all: Migration[]): string[] {
  const db = new Database(sqliteFilePath(url));
  try {
    db.pragma("journal_mode = WAL");
    db.exec(SQLITE_TABLE);
    const todo = pending(
      all,
      db
        .prepare(`SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`)
        .all() as never,
    );
    for (const m of todo) {
      db.transaction(() => {
        db.exec(m.sql);
        db.prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES (?, ?, ?, current_timestamp, current_timestamp, 1)`,
        ).run(randomUUID(), m.checksum, m.name);
      })();
    }
    return todo.map((m) => m.name);
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string, all: Migration[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Several instances may start at once: one migrates, the others wait and find nothing to do.
    await client.query("SELECT pg_advisory_lock(72707369)");
    await client.query(TABLE);
    const { rows } = await client.query(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const todo = pending(all, rows);
    for (const m of todo) {
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count) VALUES ($1, $2, $3, now(), 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${m.name} failed: ${(error as Error).message}`);
      }
    }
    return todo.map((m) => m.name);
  } finally {
    await client.query("SELECT pg_advisory_unlock(72707369)").catch(() => {});
    await client.end();
  }
}
