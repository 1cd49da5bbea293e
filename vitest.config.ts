import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["shared/**/*.test.ts", "app/**/*.test.ts", "server/**/*.test.ts", "tests/integration/**/*.test.ts"],
    globals: true,
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests each create their own databases; two files at a time suits 2 cores.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
