// What global setup hands to the tests (through the environment, which workers inherit).
export type AppState = { baseURL: string; token: string };

export const STATE_ENV = { baseURL: "E2E_BASE_URL", token: "E2E_COLLECTOR_TOKEN" } as const;

export function readAppState(): AppState {
  const baseURL = process.env[STATE_ENV.baseURL];
  const token = process.env[STATE_ENV.token];
  if (!baseURL || !token)
    throw new Error(
      "e2e state missing: run the tests through playwright.config.ts (its global setup starts the app)",
    );
  return { baseURL, token };
}
