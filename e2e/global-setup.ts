// Playwright global setup: a scratch Postgres database (migrated), a collector token for the
// tests, then the built app with the demo source on a free port. Returns the teardown.
import { STATE_ENV } from "@/e2e/app-state";
import path from "node:path";
import { createScratchDatabase } from "@/e2e/support/scratch-database";
import { createCollectorToken } from "@/lib/auth/collector-tokens";
import { closeDatabase, setDatabaseUrl } from "@/lib/db/client";
import { startAppServer } from "@/lib/testing/app-server";

const SERVER_LOG = path.resolve(".data/e2e/server.log");

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
      },
      SERVER_LOG,
    );
    process.env[STATE_ENV.baseURL] = app.baseURL;
    process.env[STATE_ENV.token] = token;
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
