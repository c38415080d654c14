// The test object every spec imports: baseURL, the collector token and the admin come from global setup,
// read lazily (test files are loaded to list tests before global setup has run).
import { test as base } from "@playwright/test";
import { readAppState } from "@/e2e/app-state";

/* eslint-disable no-empty-pattern -- Playwright requires an object pattern for a fixture's dependencies, even when it has none */
export const test = base.extend<{ collectorToken: string; admin: { email: string; password: string } }>({
  baseURL: async ({}, provide) => {
    await provide(readAppState().baseURL);
  },
  collectorToken: async ({}, provide) => {
    await provide(readAppState().token);
  },
  admin: async ({}, provide) => {
    const s = readAppState();
    await provide({ email: s.adminEmail, password: s.adminPassword });
  },
});
/* eslint-enable no-empty-pattern */

export { expect } from "@playwright/test";
