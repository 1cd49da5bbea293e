// Generates both Prisma clients (SQLite and PostgreSQL) after install: the server picks one
// at start from DATABASE_URL. The CLI insists on a URL it never connects to for `generate`.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

if (!existsSync("prisma/schema.prisma")) process.exit(0);
const run = (schema, url) =>
  execFileSync("npx", ["prisma", "generate", "--schema", schema], {
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: url },
  });
run("prisma/schema.prisma", "file:./data/delphi.db");
run("prisma/postgresql/schema.prisma", "postgresql://localhost/delphi");
