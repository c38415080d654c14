import { describe, expect, it } from "vitest";
import { parseTimestamp, TIMESTAMP_FORMAT } from "@/lib/ingest/timestamp";

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);

describe("parseTimestamp", () => {
  it("accepts ISO 8601 with a zone and epoch milliseconds", () => {
    expect(parseTimestamp("2026-11-22T10:00:00Z", NOW)).toBe(Date.UTC(2026, 10, 22, 10));
    expect(parseTimestamp("2026-11-22T11:00:00.153+01:00", NOW)).toBe(Date.UTC(2026, 10, 22, 10, 0, 0, 153));
    expect(parseTimestamp("2026-11-22T05:30-0430", NOW)).toBe(Date.UTC(2026, 10, 22, 10, 0));
    expect(parseTimestamp("2026-11-22T10:00:00.123456789Z", NOW)).toBe(Date.UTC(2026, 10, 22, 10, 0, 0, 123));
    expect(parseTimestamp(Date.UTC(2026, 0, 1), NOW)).toBe(Date.UTC(2026, 0, 1));
  });

  it("names what is wrong", () => {
    expect(parseTimestamp("yesterday", NOW)).toBe(TIMESTAMP_FORMAT);
    expect(parseTimestamp("2026-11-22T10:00:00", NOW)).toBe(TIMESTAMP_FORMAT); // no zone
    expect(parseTimestamp("2026-11-22 10:00:00Z", NOW)).toBe(TIMESTAMP_FORMAT);
    expect(parseTimestamp("2024-02-30T00:00:00Z", NOW)).toBe("is not a valid date");
    expect(parseTimestamp("2024-01-01T24:00:00Z", NOW)).toBe("is not a valid date");
    expect(parseTimestamp(1.5, NOW)).toBe("must be integer epoch milliseconds");
    expect(parseTimestamp("1999-12-31T23:59:59Z", NOW)).toBe("is before the year 2000");
    expect(parseTimestamp(1_764_000_000, NOW)).toBe(
      "is before the year 2000 (epoch seconds instead of milliseconds?)",
    );
    expect(parseTimestamp("2026-11-23T12:00:01Z", NOW)).toBe(
      "is more than 24 hours in the future (2026-11-23T12:00:01.000Z)",
    );
    expect(parseTimestamp("2026-11-23T11:59:59Z", NOW)).toBe(Date.UTC(2026, 10, 23, 11, 59, 59));
  });
});
