// npm run model:export -- <model-slug> [version] [out.json]: writes a version in the import format.
import { writeFileSync } from "node:fs";
import { loadConfig } from "../server/config.js";
import { openDb } from "../server/db/client.js";
import { exportModel } from "../app/models/model.server.js";
import { AppError } from "../shared/errors/app-error.js";

const [slug, version, out] = process.argv.slice(2);
if (!slug || (version && !/^\d+$/.test(version))) {
  console.error("usage: npm run model:export -- <model-slug> [version] [out.json]");
  process.exit(2);
}
const db = await openDb(loadConfig().databaseUrl);
try {
  const json = JSON.stringify(await exportModel(db, slug, version ? Number(version) : undefined), null, 2) + "\n";
  if (out) writeFileSync(out, json);
  else process.stdout.write(json);
} catch (error) {
  console.error(error instanceof AppError ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
