// The real entry point as a child process: config errors, start-up on a fresh database, SIGTERM.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  children.splice(0).forEach((c) => c.kill("SIGKILL"));
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: { ...process.env, NODE_ENV: "test", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

test("a bad environment variable stops start-up with one line naming it", async () => {
  const server = startServer({ PORT: "eighty" });
  expect(await server.exited).toBe(1);
  const lines = server.output().stderr.trim().split("\n");
  expect(lines).toEqual(['Invalid environment variable PORT="eighty": expected a number']);
});

test(
  "starts on a fresh SQLite database with the demo, and shuts down cleanly on SIGTERM",
  { timeout: 120_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), "delphi-proc-"));
    dirs.push(dir);
    const port = String(20000 + Math.floor(Math.random() * 20000));
    const server = startServer({ PORT: port, DATABASE_URL: `file:${join(dir, "app.db")}` });
    await vi.waitFor(() => expect(server.output().stdout).toContain("listening on"), {
      timeout: 90_000,
      interval: 100,
    });
    expect(server.output().stdout).toContain("moderator@example.org");
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(await health.json()).toEqual({ ok: true });

    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    expect(server.output().stdout).toContain("SIGTERM: shutting down");
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  },
);
