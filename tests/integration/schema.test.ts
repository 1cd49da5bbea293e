// One schema source: the PostgreSQL twin and both migration folders must follow prisma/schema.prisma.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { postgresSchema } from "../../scripts/prisma-schemas.mjs";
import { readMigrations } from "../../server/db/migrate.js";

test("prisma/postgresql/schema.prisma is generated from prisma/schema.prisma (no drift)", () => {
  const expected = postgresSchema(readFileSync("prisma/schema.prisma", "utf8"));
  expect(readFileSync("prisma/postgresql/schema.prisma", "utf8")).toBe(expected);
  expect(() =>
    execFileSync(process.execPath, ["scripts/prisma-schemas.mjs", "--check"], { stdio: "pipe" }),
  ).not.toThrow();
});

test("both providers have the same migrations, creating the same tables", () => {
  const sqlite = readMigrations("prisma/migrations");
  const postgres = readMigrations("prisma/postgresql/migrations");
  expect(sqlite.map((m) => m.name)).toEqual(postgres.map((m) => m.name));
  // SQLite changes a column by building "new_X", copying and renaming it to X: that is table X, not another.
  const tables = (sql: string) => {
    const renamed = new Set([...sql.matchAll(/ALTER TABLE "(\w+)" RENAME TO "\w+"/g)].map((m) => m[1]));
    return [...sql.matchAll(/CREATE TABLE "(\w+)"/g)]
      .map((m) => m[1])
      .filter((name) => !renamed.has(name))
      .sort();
  };
  expect(tables(sqlite.map((m) => m.sql).join("\n"))).toEqual(tables(postgres.map((m) => m.sql).join("\n")));
  const models = [...readFileSync("prisma/schema.prisma", "utf8").matchAll(/^model (\w+) \{/gm)]
    .map((m) => m[1])
    .sort();
  expect(tables(sqlite.map((m) => m.sql).join("\n"))).toEqual(models);
});

test("every schema change has a migration (the migrated snapshot equals the schema)", () => {
  expect(readFileSync("prisma/migrations/schema.snapshot.prisma", "utf8"), "run npm run db:migration -- <name>").toBe(
    readFileSync("prisma/schema.prisma", "utf8"),
  );
});
