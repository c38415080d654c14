// npm run token -- create|rotate|revoke --name NAME | list — manages collector tokens. Works with
// the app stopped (embedded Postgres is started for the command) or running.
import { parseArgs } from "node:util";
import {
  createCollectorToken,
  listCollectors,
  revokeCollectorToken,
  rotateCollectorToken,
} from "@/lib/auth/collector-tokens";
import { openCliDatabase, runCli } from "@/server/cli/database";

const USAGE = `usage:
  npm run token -- create --name NAME   new collector; prints its token once
  npm run token -- rotate --name NAME   new token for NAME (created if missing); the old one stops working
  npm run token -- revoke --name NAME   the token stops working at once
  npm run token -- list                 collectors, token prefixes, last seen`;

function printToken(verb: string, name: string, token: string): void {
  console.log(`${verb} collector "${name}". Its token, shown this once:\n\n  ${token}\n`);
  console.log("Only its SHA-256 hash is stored: copy it now into the collector's configuration.");
}

function when(d: Date | null): string {
  return d ? d.toISOString().replace("T", " ").slice(0, 19) : "never";
}

runCli(async () => {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { name: { type: "string" } },
  });
  const command = positionals[0];
  const needsName = command === "create" || command === "rotate" || command === "revoke";
  if (!command || !["create", "rotate", "revoke", "list"].includes(command) || (needsName && !values.name)) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const name = values.name ?? "";
  const acting = { actor: { type: "system" as const, label: "npm run token" }, ip: null };
  const db = await openCliDatabase();
  try {
    if (command === "create") {
      const { token, collector } = await createCollectorToken(name, acting);
      printToken("Created", collector.name, token);
    } else if (command === "rotate") {
      const { token, collector } = await rotateCollectorToken(name, acting);
      printToken("Rotated the token of", collector.name, token);
    } else if (command === "revoke") {
      const collector = await revokeCollectorToken(name, acting);
      console.log(`Revoked the token of collector "${collector.name}" (${collector.tokenPrefix}…).`);
    } else {
      const rows = await listCollectors();
      if (rows.length === 0) console.log("No collectors yet: npm run token -- create --name NAME");
      for (const c of rows) {
        const state = c.revokedAt ? `revoked ${when(c.revokedAt)}` : "active";
        console.log(
          `${c.name.padEnd(24)} ${c.tokenPrefix}…  ${state.padEnd(28)} last seen ${when(c.lastSeenAt)}`,
        );
      }
    }
  } finally {
    await db.close();
  }
});
