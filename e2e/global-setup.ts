// Playwright global setup: a scratch Postgres database (migrated), a collector token for the
// tests, the built app with the demo source on a free port, and then — in Chromium, through the
// one-time setup page — the first admin, whose signed-in state the specs start from.
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";
import { ADMIN_STATE_FILE, STATE_ENV } from "@/e2e/app-state";
import { SetupPage } from "@/e2e/pages/sign-in-page";
import { createScratchDatabase } from "@/e2e/support/scratch-database";
import { createCollectorToken } from "@/lib/auth/collector-tokens";
import { closeDatabase, setDatabaseUrl } from "@/lib/db/client";
import { startAppServer } from "@/lib/testing/app-server";
import config from "@/playwright.config";

const SERVER_LOG = path.resolve(".data/e2e/server.log");

async function setUpFirstAdmin(baseURL: string, admin: { email: string; password: string }): Promise<void> {
  const browser = await chromium.launch(config.use?.launchOptions);
  try {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await page.goto("/");
    await page.waitForURL("**/setup");
    await new SetupPage(page).createAdmin({ name: "Ada Admin", ...admin });
    await page.waitForURL(`${baseURL}/`);
    mkdirSync(path.dirname(ADMIN_STATE_FILE), { recursive: true });
    await context.storageState({ path: ADMIN_STATE_FILE });
  } finally {
    await browser.close();
  }
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const db = await createScratchDatabase(process.env.DATABASE_URL);
  try {
    setDatabaseUrl(db.url);
    const { token } = await createCollectorToken("e2e");
    await closeDatabase();

    const app = await startAppServer(
      {
        DATABASE_URL: db.url,
        DEMO: "on",
        DEMO_RATE: "20",
        LOG_LEVEL: "warn",
        // Alert rules fire within seconds of being created (e2e/alerts.spec.ts), not 15 s.
        ALERT_EVAL_INTERVAL_MS: "2000",
        // A firing rule's repeat comes a minute later and the outbox is looked at twice a second, so
        // e2e/alerts-notify.spec.ts sees a silenced repeat within its run.
        ALERT_REPEAT_INTERVAL: "15s",
        ALERT_NOTIFY_INTERVAL_MS: "500",
      },
      SERVER_LOG,
    );
    const admin = { email: "ada@example.com", password: `e2e-${randomBytes(9).toString("base64url")}` };
    try {
      await setUpFirstAdmin(app.baseURL, admin);
    } catch (err) {
      await app.stop();
      throw err;
    }
    process.env[STATE_ENV.baseURL] = app.baseURL;
    process.env[STATE_ENV.token] = token;
    process.env[STATE_ENV.adminEmail] = admin.email;
    process.env[STATE_ENV.adminPassword] = admin.password;
    process.env[STATE_ENV.databaseUrl] = db.url;
    console.log(`e2e: app at ${app.baseURL} on database ${db.name} (server log: ${SERVER_LOG})`);

    return async () => {
      try {
        await app.stop();
      } finally {
        await db.drop();
      }
    };
  } catch (err) {
    await closeDatabase();
    await db.drop();
    throw err;
  }
}
