// The collector's process entry (`npm run collector -- …`): runs the CLI and exits with its code.
// The exit waits for stdout to drain (process.exit() could cut piped output short); a handle left
// open after a clean stop does not keep the process alive past a short grace.
import { main } from "@/collectors/core/cli";

function exit(code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 2_000).unref();
}

main(process.argv.slice(2)).then(exit, (err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  exit(1);
});
