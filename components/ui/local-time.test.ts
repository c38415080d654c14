import { describe, expect, it } from "vitest";
import { formatLocalTime } from "@/components/ui/local-time";

const NOW = new Date("2026-12-05T12:00:00Z");

describe("formatLocalTime", () => {
  it("leaves the current year out of a date and time, and keeps another year's", () => {
    expect(formatLocalTime("2026-12-05T08:30:20Z", "full", "utc", "auto", NOW)).toBe("5 Dec, 08:30:20");
    expect(formatLocalTime("2026-01-01T00:00:00Z", "datetime", "utc", "auto", NOW)).toBe("1 Jan, 00:00");
    expect(formatLocalTime("2025-12-31T23:59:59Z", "full", "utc", "auto", NOW)).toBe("31 Dec 2025, 23:59:59");
  });

  it("keeps the year when asked, and always on a bare date", () => {
    expect(formatLocalTime("2026-12-05T08:30:20Z", "full", "utc", "always", NOW)).toBe(
      "5 Dec 2026, 08:30:20",
    );
    expect(formatLocalTime("2026-12-05T08:30:20Z", "date", "utc", "auto", NOW)).toBe("5 Dec 2026");
  });

  it("keeps the year of a time from last year, just after New Year", () => {
    const newYear = new Date("2027-01-01T00:30:00Z");
    expect(formatLocalTime("2026-12-31T23:30:00Z", "datetime", "utc", "auto", newYear)).toBe(
      "31 Dec 2026, 23:30",
    );
  });

  it("says so when the time is not one", () => {
    expect(formatLocalTime("not a time", "full", "utc")).toBe("—");
  });
});
