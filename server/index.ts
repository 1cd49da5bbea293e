// Entry point: config → database (migrated) → demo seed → one HTTP server; graceful shutdown on signals.
import { ConfigError, loadConfig } from "./config.js";
import { openDb } from "./db/client.js";
import { loadRemixBuild, startApp } from "./app.js";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from "./seed.js";
import { startMailer } from "./mail.js";

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const db = await openDb(config.databaseUrl);
  if (config.seedDemo && (await seedDemo(db))) {
    console.log(`Seeded the demo model and accounts (password "${DEMO_PASSWORD}"):`);
    for (const a of DEMO_ACCOUNTS) console.log(`  ${a.email.padEnd(24)} ${a.role}`);
  }
  const app = await startApp({ config, db, build: await loadRemixBuild() });
  const stopMailer = startMailer(db, { smtpUrl: config.smtpUrl, from: config.mailFrom, publicUrl: config.publicUrl });
  console.log(
    `delphi-mlm listening on ${config.publicUrl} (database: ${config.databaseUrl.replace(/\/\/[^@]*@/, "//…@")})`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    await app.close();
    await stopMailer();
    await db.$disconnect();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
