// Entry point (`tsx server/index.ts`): checks the environment before anything else loads — the
// logger and database modules read it at import — so a bad variable is one readable line, not a
// stack trace; then boots the process (server/main.ts).
import { env } from "@/lib/env";

try {
  env();
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}

const { main } = await import("@/server/main");
await main();
