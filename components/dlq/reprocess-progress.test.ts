import { describe, expect, it } from "vitest";
import { tookText } from "@/components/dlq/reprocess-progress";

const at = "2026-12-05T10:00:00.000Z";

describe("a reprocess request's duration and rate", () => {
  it("is null while the request runs", () => {
    expect(tookText({ createdAt: at, finishedAt: null, succeeded: 10, failed: 0 })).toBeNull();
  });

  it("gives the time and the rate over every message with an outcome", () => {
    expect(
      tookText({ createdAt: at, finishedAt: "2026-12-05T10:00:06.200Z", succeeded: 49_000, failed: 1_000 }),
    ).toBe("6.20 s · 8,065 msgs/s");
    expect(
      tookText({ createdAt: at, finishedAt: "2026-12-05T10:04:10.000Z", succeeded: 50_000, failed: 0 }),
    ).toBe("4.2 min · 200 msgs/s");
  });

  it("gives the time alone under a second or when nothing was republished (cancelled at once)", () => {
    expect(tookText({ createdAt: at, finishedAt: "2026-12-05T10:00:00.350Z", succeeded: 1, failed: 0 })).toBe(
      "350 ms",
    );
    expect(tookText({ createdAt: at, finishedAt: "2026-12-05T10:00:03.000Z", succeeded: 0, failed: 0 })).toBe(
      "3.00 s",
    );
  });
});
