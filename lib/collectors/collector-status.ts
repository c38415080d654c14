// A collector's health from what the server recorded: live, stale or down (revoked ones are revoked).
//
// - live:  its command channel is connected and a heartbeat arrived within 3 heartbeat periods.
// - stale: something is off but it is not gone: connected with no recent heartbeat (a stuck
//          agent), dropped less than 5 minutes ago (a restart, a network blip), or never on the
//          command channel but sending over HTTP within 5 minutes (an agent that only ingests).
// - down:  anything else: disconnected for 5 minutes or more, never seen, or "connected" with no
//          heartbeat for 5 minutes (the server that held the socket died without recording the
//          disconnect, so the connection fields alone cannot be trusted).
import { HEARTBEAT_INTERVAL_MS } from "@/lib/collectors/protocol";

export const COLLECTOR_STATUSES = ["live", "stale", "down", "revoked"] as const;
export type CollectorStatus = (typeof COLLECTOR_STATUSES)[number];

export const LIVE_WITHIN_MS = 3 * HEARTBEAT_INTERVAL_MS;
export const STALE_WITHIN_MS = 5 * 60_000;

export type StatusInput = {
  revoked: boolean;
  connectedAt: Date | null;
  disconnectedAt: Date | null;
  /** When the server received the last heartbeat (its clock, not the agent's). */
  heartbeatAt: Date | null;
  /** Last authenticated request of any kind (ingest, socket); written at most every 30 s. */
  lastSeenAt: Date | null;
};

export function collectorStatus(c: StatusInput, now: Date): CollectorStatus {
  if (c.revoked) return "revoked";
  const t = now.getTime();
  const within = (d: Date | null, ms: number) => d !== null && t - d.getTime() < ms;
  const connected = c.connectedAt !== null && (c.disconnectedAt === null || c.disconnectedAt < c.connectedAt);
  if (connected) {
    if (within(c.heartbeatAt, LIVE_WITHIN_MS)) return "live";
    return within(c.heartbeatAt, STALE_WITHIN_MS) || within(c.connectedAt, STALE_WITHIN_MS)
      ? "stale"
      : "down";
  }
  if (c.disconnectedAt !== null) return within(c.disconnectedAt, STALE_WITHIN_MS) ? "stale" : "down";
  return within(c.lastSeenAt, STALE_WITHIN_MS) ? "stale" : "down";
}

/** A few words on why a collector has its status, where the badge alone would leave you guessing. */
export function statusDetail(
  c: StatusInput & { brokerConnected: boolean | null },
  status: CollectorStatus,
): string | null {
  if (status === "live") return c.brokerConnected === false ? "broker unreachable" : null;
  if (status !== "stale") return null;
  if (c.connectedAt === null) return "no command channel"; // sends over HTTP only
  if (c.disconnectedAt !== null && c.disconnectedAt >= c.connectedAt) return "disconnected";
  return c.heartbeatAt === null ? "no heartbeat yet" : "heartbeats late";
}
