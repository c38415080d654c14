// What global setup hands to the tests (through the environment, which workers inherit): the app's
// URL, a collector token, and the first admin — created through the setup page — whose signed-in
// browser state every spec starts from unless it asks for an anonymous one.
import path from "node:path";

export type AppState = {
  baseURL: string;
  token: string;
  adminEmail: string;
  adminPassword: string;
  /** The app's database: a spec may start another instance on it (e2e/scale-out.spec.ts). */
  databaseUrl: string;
};

export const STATE_ENV = {
  baseURL: "E2E_BASE_URL",
  token: "E2E_COLLECTOR_TOKEN",
  adminEmail: "E2E_ADMIN_EMAIL",
  adminPassword: "E2E_ADMIN_PASSWORD",
  databaseUrl: "E2E_DATABASE_URL",
} as const;

/** The admin's cookies, saved by global setup; playwright.config.ts makes it every test's default. */
export const ADMIN_STATE_FILE = path.resolve(".data/e2e/admin-state.json");

/** For specs that start signed out. */
export const ANONYMOUS = { cookies: [], origins: [] };

export function readAppState(): AppState {
  const state = {
    baseURL: process.env[STATE_ENV.baseURL],
    token: process.env[STATE_ENV.token],
    adminEmail: process.env[STATE_ENV.adminEmail],
    adminPassword: process.env[STATE_ENV.adminPassword],
    databaseUrl: process.env[STATE_ENV.databaseUrl],
  };
  if (!state.baseURL || !state.token || !state.adminEmail || !state.adminPassword || !state.databaseUrl)
    throw new Error(
      "e2e state missing: run the tests through playwright.config.ts (its global setup starts the app)",
    );
  return state as AppState;
}
