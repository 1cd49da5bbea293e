// npm run model:import -- <file.json>: stores the file as a new version of its model.
import { readFileSync } from "node:fs";
import { loadConfig } from "../server/config.js";
import { openDb } from "../server/db/client.js";
import { importModel } from "../app/models/model.server.js";
import { AppError } from "../shared/errors/app-error.js";

const file = process.argv[2];
if (!file) {
  console.error("usage: npm run model:import -- <model.json>");
  process.exit(2);
}
const db = await openDb(loadConfig().databaseUrl);
try {
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new AppError("validation", `${file}: not readable JSON (${(error as Error).message})`);
  }
  const r = await importModel(db, input);
  const c = r.counts;
  console.log(
    `Imported ${file} as ${r.modelSlug} version ${r.versionNumber}: ${c.domains} domains, ${c.subdomains} subdomains, ${c.indicators} indicators, ${c.levels} levels, ${c.glossary} glossary terms${r.translations.length ? `; in ${r.language}, translated into ${r.translations.join(", ")}` : ""}`,
  );
} catch (error) {
  console.error(error instanceof AppError ? error.message : error);
  for (const d of error instanceof AppError ? error.details.slice(1, 20) : [])
    console.error(`  ${d.path}: ${d.message}`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
