// The collector's process entry (`npm run collector -- …`): runs the CLI and exits with its code.
import { main } from "@/collectors/core/cli";

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);
