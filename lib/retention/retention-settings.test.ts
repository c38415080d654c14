// The retention variables: defaults, and bad values refused at start-up naming the variable.
import { afterEach, describe, expect, it } from "vitest";
import { env, resetEnvForTests } from "@/lib/env";
import { retentionSettings } from "@/lib/retention/run-retention";

const NAMES = [
  "RETENTION_RAW_DAYS",
  "RETENTION_ROLLUP_MINUTE_DAYS",
  "RETENTION_ROLLUP_HOUR_DAYS",
  "RETENTION_DEAD_LETTER_DAYS",
  "RETENTION_ALERT_HISTORY_DAYS",
] as const;
const saved = Object.fromEntries(NAMES.map((n) => [n, process.env[n]]));

function withEnv(vars: Partial<Record<(typeof NAMES)[number], string>>) {
  for (const n of NAMES) delete process.env[n];
  Object.assign(process.env, vars);
  resetEnvForTests();
  return () => retentionSettings(env());
}

afterEach(() => {
  for (const n of NAMES) {
    if (saved[n] === undefined) delete process.env[n];
    else process.env[n] = saved[n];
  }
  resetEnvForTests();
});

describe("retention settings", () => {
  it("defaults to 7 days raw, 14 days of minutes, 400 of hours, 30 for handled dead letters, 90 of alert history", () => {
    expect(withEnv({})()).toEqual({
      rawDays: 7,
      rollupMinuteDays: 14,
      rollupHourDays: 400,
      deadLetterDays: 30,
      alertHistoryDays: 90,
    });
  });

  it("takes whole days", () => {
    expect(withEnv({ RETENTION_RAW_DAYS: "3", RETENTION_DEAD_LETTER_DAYS: "90" })()).toMatchObject({
      rawDays: 3,
      deadLetterDays: 90,
    });
  });

  it.each([
    [{ RETENTION_RAW_DAYS: "0" }, "RETENTION_RAW_DAYS"],
    [{ RETENTION_RAW_DAYS: "1.5" }, "RETENTION_RAW_DAYS"],
    [{ RETENTION_DEAD_LETTER_DAYS: "soon" }, "RETENTION_DEAD_LETTER_DAYS"],
    [{ RETENTION_ALERT_HISTORY_DAYS: "0" }, "RETENTION_ALERT_HISTORY_DAYS"],
    [{ RETENTION_ROLLUP_MINUTE_DAYS: "30", RETENTION_ROLLUP_HOUR_DAYS: "20" }, "RETENTION_ROLLUP_HOUR_DAYS"],
  ])("refuses %j, naming %s", (vars, name) => {
    expect(withEnv(vars)).toThrow(new RegExp(`Invalid environment:[\\s\\S]*${name}`));
  });
});
