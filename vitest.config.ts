// Unit tests (*.test.ts) and integration tests (*.int.test.ts) against real Postgres.
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL(".", import.meta.url)),
      "server-only": fileURLToPath(new URL("./lib/testing/server-only-stub.ts", import.meta.url)),
    },
  },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", ".next/**", ".data/**", "e2e/**"],
    globalSetup: ["./lib/testing/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Vitest's default is one fewer than the cores: a single fork on a two-core machine, though most
    // files wait on Postgres and the brokers. Two forks there took the suite from ~405 s to ~265 s;
    // each integration file has its own database and its own broker names.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
