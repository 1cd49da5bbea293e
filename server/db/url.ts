// DATABASE_URL helpers shared by the migrator, the client factory and the test harness.
import { resolve } from "node:path";

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** `file:./data/delphi.db` → absolute path (relative to the working directory, as Prisma does). */
export function sqliteFilePath(url: string): string {
  return resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""));
}
