// npm run db:migration -- <name>: writes the migration from the last migrated schema
// (prisma/migrations/schema.snapshot.prisma) to prisma/schema.prisma for BOTH providers,
// then updates the snapshot. A test fails when the schema changed without a migration.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { postgresSchema } from "./prisma-schemas.mjs";

const SNAPSHOT = "prisma/migrations/schema.snapshot.prisma";
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <snake_case_name>");
  process.exit(2);
}
const current = readFileSync("prisma/schema.prisma", "utf8");
writeFileSync("prisma/postgresql/schema.prisma", postgresSchema(current));
const previous = existsSync(SNAPSHOT) ? readFileSync(SNAPSHOT, "utf8") : null;
const tmp = mkdtempSync(join(tmpdir(), "delphi-migration-"));
const number = String(readdirSync("prisma/migrations").filter((d) => /^\d{4}_/.test(d)).length + 1).padStart(4, "0");

const providers = [
  { dir: "prisma/migrations", url: `file:${join(tmp, "diff.db")}`, schema: (s) => s },
  {
    dir: "prisma/postgresql/migrations",
    url: process.env.MIGRATION_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
    schema: postgresSchema,
  },
];
for (const p of providers) {
  const to = join(tmp, "to.prisma");
  writeFileSync(to, p.schema(current));
  const from = previous ? ["--from-schema-datamodel", join(tmp, "from.prisma")] : ["--from-empty"];
  if (previous) writeFileSync(join(tmp, "from.prisma"), p.schema(previous));
  const sql = execFileSync("npx", ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", to, "--script"], {
    env: { ...process.env, DATABASE_URL: p.url },
    encoding: "utf8",
  });
  mkdirSync(join(p.dir, `${number}_${name}`), { recursive: true });
  writeFileSync(join(p.dir, `${number}_${name}`, "migration.sql"), sql);
}
writeFileSync(SNAPSHOT, current);
console.log(`Wrote migration ${number}_${name} for SQLite and PostgreSQL`);
