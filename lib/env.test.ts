// Durations in the environment: units, and each variable's own minimum.
import { afterEach, describe, expect, it, vi } from "vitest";
import { env, resetEnvForTests } from "@/lib/env";

afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvForTests();
});

function read(vars: Record<string, string>) {
  for (const [k, v] of Object.entries(vars)) vi.stubEnv(k, v);
  resetEnvForTests();
  return env();
}

describe("durations", () => {
  it("reads each unit in milliseconds", () => {
    expect(read({ ALERT_REPEAT_INTERVAL: "15s", CATALOG_SHAPE_TTL: "2d" })).toMatchObject({
      ALERT_REPEAT_INTERVAL: 15_000,
      CATALOG_SHAPE_TTL: 2 * 86_400_000,
    });
    expect(read({ ALERT_REPEAT_INTERVAL: "90m" }).ALERT_REPEAT_INTERVAL).toBe(90 * 60_000);
  });

  it("refuses a repeat interval under 10 seconds, and other durations under a minute, saying which", () => {
    expect(() => read({ ALERT_REPEAT_INTERVAL: "5s" })).toThrow(
      "ALERT_REPEAT_INTERVAL: must be at least 10 seconds",
    );
    expect(() => read({ CATALOG_SHAPE_TTL: "30s" })).toThrow(
      "CATALOG_SHAPE_TTL: must be at least one minute",
    );
    expect(() => read({ ALERT_REPEAT_INTERVAL: "soon" })).toThrow(
      'ALERT_REPEAT_INTERVAL: must be a duration such as "7d", "12h", "30m" or "45s"',
    );
  });
});
