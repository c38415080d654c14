// Playwright e2e: the built app started by e2e/global-setup.ts on real Postgres with the demo
// source, driven through Debian's Chromium (Playwright's own browser download does not work here).
import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";
import { ADMIN_STATE_FILE } from "./e2e/app-state";

const DEBIAN_CHROMIUM = "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  workers: 1,
  retries: 0,
  reporter: "list",
  timeout: 45_000,
  expect: { timeout: 10_000 },
  use: {
    headless: true,
    // Every test starts signed in as the first admin (made by global setup) unless it opts out.
    storageState: ADMIN_STATE_FILE,
    colorScheme: "light",
    viewport: { width: 1280, height: 800 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
});
