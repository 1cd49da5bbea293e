// `npm run screenshots`: the same server and browser as the e2e specs, running only the screenshot script
// (tests/e2e/screenshots.ts is no *.spec.ts, so `npm test` never runs it).
import { defineConfig } from "@playwright/test";
import e2e from "./playwright.config";

export default defineConfig({ ...e2e, testMatch: "screenshots.ts", timeout: 180_000 });
