// Entry point (`tsx server/index.ts [--role web|worker|all]`): checks the environment and the role
// before anything else loads — the logger and database modules read it at import — so a bad
// variable or flag is one readable line, not a stack trace; then boots the process (server/main.ts).
import { env } from "@/lib/env";
import { roleFrom, type Role } from "@/server/roles";

let role: Role;
try {
  role = roleFrom(process.argv.slice(2), env().ROLE);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}

const { main } = await import("@/server/main");
await main(role);
