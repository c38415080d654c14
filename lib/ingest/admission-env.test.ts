import { afterEach, describe, expect, it } from "vitest";
import { env, resetEnvForTests } from "@/lib/env";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetEnvForTests();
});

function withEnv(vars: Record<string, string>): () => ReturnType<typeof env> {
  process.env = { ...saved, ...vars };
  resetEnvForTests();
  return env;
}

describe("backpressure and metrics variables", () => {
  it("refuse an in-flight byte budget smaller than one body, naming both variables", () => {
    const read = withEnv({ INGEST_MAX_BODY_BYTES: "2000000", INGEST_MAX_IN_FLIGHT_BYTES: "1000000" });
    expect(read).toThrow(/INGEST_MAX_IN_FLIGHT_BYTES: must be at least INGEST_MAX_BODY_BYTES \(2000000\)/);
  });

  it("refuse a zero in-flight limit and a short metrics token", () => {
    expect(withEnv({ INGEST_MAX_IN_FLIGHT: "0" })).toThrow(/INGEST_MAX_IN_FLIGHT:/);
    expect(withEnv({ METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN: must be at least 16 characters/);
  });

  it("default to no fixed in-flight limit (derived from the pool), 64 MiB and a 30 s cap", () => {
    delete process.env.INGEST_MAX_IN_FLIGHT;
    delete process.env.INGEST_MAX_IN_FLIGHT_BYTES;
    delete process.env.INGEST_RETRY_AFTER_MAX_SECONDS;
    delete process.env.METRICS_TOKEN;
    resetEnvForTests();
    const e = env();
    expect(e.INGEST_MAX_IN_FLIGHT).toBeUndefined();
    expect(e.METRICS_TOKEN).toBeUndefined();
    expect(e).toMatchObject({
      INGEST_MAX_IN_FLIGHT_BYTES: 64 * 1024 * 1024,
      INGEST_RETRY_AFTER_MAX_SECONDS: 30,
    });
  });
});
