// Each integration test gets its own database: a temporary SQLite file, and — when
// TEST_DATABASE_URL points at a PostgreSQL server — a freshly created PostgreSQL database.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openDb, type Db } from "../../server/db/client.js";

export type Provider = "sqlite" | "postgresql";

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export const providers: Provider[] = process.env.TEST_DATABASE_URL ? ["sqlite", "postgresql"] : ["sqlite"];

export interface TestDb {
  url: string;
  db: Db;
  drop(): Promise<void>;
}

export async function createTestDb(provider: Provider): Promise<TestDb> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "delphi-test-"));
    const url = `file:${join(dir, "test.db")}`;
    const db = await openDb(url);
    return {
      url,
      db,
      async drop() {
        await db.$disconnect();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const admin = process.env.TEST_DATABASE_URL!;
  const name = `delphi_test_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const db = await openDb(url.toString());
  return {
    url: url.toString(),
    db,
    async drop() {
      await db.$disconnect();
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Row counts of every table: proves a failed operation wrote nothing. */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  return {
    model: await db.model.count(),
    modelVersion: await db.modelVersion.count(),
    domain: await db.domain.count(),
    subdomain: await db.subdomain.count(),
    indicator: await db.indicator.count(),
    level: await db.level.count(),
    glossaryTerm: await db.glossaryTerm.count(),
    user: await db.user.count(),
    session: await db.session.count(),
  };
}
