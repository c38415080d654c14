import { describe, expect, it } from "vitest";
import {
  collectorStatus,
  LIVE_WITHIN_MS,
  STALE_WITHIN_MS,
  statusDetail,
  type StatusInput,
} from "@/lib/collectors/collector-status";

const NOW = new Date("2026-11-24T12:00:00Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const base: StatusInput = {
  revoked: false,
  connectedAt: null,
  disconnectedAt: null,
  heartbeatAt: null,
  lastSeenAt: null,
};
const status = (over: Partial<StatusInput>) => collectorStatus({ ...base, ...over }, NOW);

describe("collectorStatus", () => {
  it("is live while connected with a heartbeat within 3 periods, stale just after", () => {
    const connected = { connectedAt: ago(60_000) };
    expect(status({ ...connected, heartbeatAt: ago(LIVE_WITHIN_MS - 1) })).toBe("live");
    expect(status({ ...connected, heartbeatAt: ago(LIVE_WITHIN_MS) })).toBe("stale");
  });

  it("counts a connection as open only when it is newer than the last drop", () => {
    const beat = { heartbeatAt: ago(1_000) };
    expect(status({ ...beat, connectedAt: ago(10_000), disconnectedAt: ago(20_000) })).toBe("live");
    expect(status({ ...beat, connectedAt: ago(20_000), disconnectedAt: ago(10_000) })).toBe("stale");
  });

  it("is stale when connected without any heartbeat yet, down once that lasts 5 minutes", () => {
    expect(status({ connectedAt: ago(2_000) })).toBe("stale");
    expect(status({ connectedAt: ago(STALE_WITHIN_MS) })).toBe("down");
  });

  it("is down when a 'connected' collector has sent nothing for 5 minutes (its server died)", () => {
    expect(status({ connectedAt: ago(3_600_000), heartbeatAt: ago(STALE_WITHIN_MS) })).toBe("down");
  });

  it("is stale for 5 minutes after a drop, then down", () => {
    const was = { connectedAt: ago(3_600_000), heartbeatAt: ago(70_000) };
    expect(status({ ...was, disconnectedAt: ago(60_000) })).toBe("stale");
    expect(status({ ...was, disconnectedAt: ago(STALE_WITHIN_MS) })).toBe("down");
  });

  it("is stale for an agent that only sends over HTTP, down when it stopped or was never seen", () => {
    expect(status({ lastSeenAt: ago(30_000) })).toBe("stale");
    expect(status({ lastSeenAt: ago(STALE_WITHIN_MS) })).toBe("down");
    expect(status({})).toBe("down");
  });

  it("says revoked whatever else is true", () => {
    expect(status({ revoked: true, connectedAt: ago(1_000), heartbeatAt: ago(1_000) })).toBe("revoked");
  });
});

describe("statusDetail", () => {
  it("says why a collector is stale, and when a live one cannot reach its broker", () => {
    const at = ago(1_000);
    expect(statusDetail({ ...base, lastSeenAt: at, brokerConnected: null }, "stale")).toBe(
      "no command channel",
    );
    const was = { ...base, connectedAt: ago(60_000), heartbeatAt: ago(50_000), brokerConnected: true };
    expect(statusDetail({ ...was, disconnectedAt: at }, "stale")).toBe("disconnected");
    expect(statusDetail(was, "stale")).toBe("heartbeats late");
    expect(statusDetail({ ...was, heartbeatAt: null }, "stale")).toBe("no heartbeat yet");
    expect(statusDetail({ ...was, heartbeatAt: at, brokerConnected: false }, "live")).toBe(
      "broker unreachable",
    );
    expect(statusDetail({ ...was, heartbeatAt: at }, "live")).toBeNull();
  });
});
