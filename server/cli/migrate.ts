// npm run db:migrate — applies prisma/migrations to DATABASE_URL, or to the embedded cluster
// (started for the occasion when the app is not running it).
import { migrate } from "@/lib/db/migrate";
import { openCliDatabase, runCli } from "@/server/cli/database";

runCli(async () => {
  const db = await openCliDatabase({ migrate: false });
  try {
    const result = await migrate(db.url);
    const host = new URL(db.url).host;
    if (result.applied.length === 0)
      console.log(`Database ${host} (${db.source}) is up to date (${result.alreadyApplied} migrations).`);
    else
      console.log(
        `Applied ${result.applied.length} migration(s) to ${host} (${db.source}):\n  ${result.applied.join("\n  ")}`,
      );
  } finally {
    await db.close();
  }
});
