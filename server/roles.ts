// What one process runs. `web`: Next (pages, API, ingest), socket.io /live and /collectors. `worker`:
// the singleton jobs (each under its Postgres advisory lock) and an HTTP port answering only
// /api/health and /metrics. `all` (the default): both, as one process. `--role` on the command line
// wins over ROLE in the environment (containers set the variable, people type the flag).
export const ROLES = ["web", "worker", "all"] as const;
export type Role = (typeof ROLES)[number];

/** The role asked for on the command line (`--role web` or `--role=web`), else `fallback`. */
export function roleFrom(argv: readonly string[], fallback: Role): Role {
  const i = argv.findIndex((a) => a === "--role" || a.startsWith("--role="));
  if (i === -1) return fallback;
  const arg = argv[i] ?? "";
  const value = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[i + 1];
  if (!(ROLES as readonly string[]).includes(value ?? ""))
    throw new Error(`--role must be one of ${ROLES.join(", ")} (got ${JSON.stringify(value ?? "")})`);
  return value as Role;
}

export const servesWeb = (role: Role): boolean => role !== "worker";
export const runsJobs = (role: Role): boolean => role !== "web";
