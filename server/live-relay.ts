// Carries what one process's hub and in-process notices learn to every other app process, through
// the socket.io adapter's server-side events (Postgres NOTIFY or Redis pub/sub,
// server/live-adapter.ts): stored batches (folded every RELAY_INTERVAL_MS into one small delta),
// dead-letter changes, collector changes (at most one a second), alert evaluation cycles, access changes (so a revoked
// session is cut on every instance) and enqueued commands (so the instance holding the agent pushes
// them at once). Each web instance's hub thus sees the whole cluster and pushes to its own sockets
// only. A worker has no sockets: it relays what its jobs record (dispatcher progress, commands).
import type { Server } from "socket.io";
import { announceAccessChange, onAccessChange, type AccessChange } from "@/lib/auth/revocations";
import { notifyCommandsEnqueued, onCommandsEnqueued } from "@/lib/collectors/command-notices";
import type { LiveHub } from "@/lib/live/hub";
import { IngestDeltaBuilder, type IngestDelta } from "@/lib/live/ingest-delta";
import { throttle } from "@/server/live-hints";

type Log = { warn: (obj: object, msg: string) => void };

export const RELAY_EVENT = "eventscope:relay";
/** How often stored batches are folded into one message to the other instances. */
export const RELAY_INTERVAL_MS = 250;
const COLLECTORS_RELAY_MS = 1_000;
/** Ids per message: 100 uuids keep a NOTIFY under 8 000 bytes. */
const IDS_PER_MESSAGE = 100;

export type RelayMessage =
  | { kind: "ingest"; delta: IngestDelta }
  | { kind: "deadLetters"; requestIds: string[] }
  | { kind: "collectors" }
  | { kind: "alerts"; transitions: boolean }
  | { kind: "access"; change: AccessChange }
  | { kind: "commands"; collectorIds: string[] };

// Notices applied from another instance must not travel back. The buses are synchronous and
// process-wide, so one flag for the process covers them.
let applying = false;

export function startLiveRelay(io: Server, hub: LiveHub, log: Log): { stop: () => void } {
  const send = (m: RelayMessage) => {
    io.serverSideEmit(RELAY_EVENT, m);
  };
  const apply = (m: RelayMessage) => {
    applying = true;
    try {
      if (m.kind === "ingest") hub.recordRemoteIngest(m.delta);
      else if (m.kind === "deadLetters") hub.recordDeadLettersChanged(m.requestIds, true);
      else if (m.kind === "collectors") hub.recordCollectorsChanged(true);
      else if (m.kind === "alerts") hub.recordAlertsEvaluated(m.transitions, true);
      else if (m.kind === "access") announceAccessChange(m.change);
      else if (m.kind === "commands") notifyCommandsEnqueued(m.collectorIds);
    } finally {
      applying = false;
    }
  };
  const onMessage = (m: unknown) => {
    if (!isRelayMessage(m)) return log.warn({ m }, "live relay: ignored a malformed message");
    apply(m);
  };
  io.on(RELAY_EVENT, onMessage);

  const ingest = new IngestDeltaBuilder();
  const flush = setInterval(() => {
    const delta = ingest.take();
    if (delta) send({ kind: "ingest", delta });
  }, RELAY_INTERVAL_MS);
  flush.unref();
  const collectors = throttle(() => send({ kind: "collectors" }), COLLECTORS_RELAY_MS);
  const stops = [
    hub.onIngest((batch, remote) => !remote && ingest.add(batch)),
    hub.onDeadLettersChanged((ids, remote) => {
      if (remote) return;
      if (ids.length === 0) send({ kind: "deadLetters", requestIds: [] });
      for (let i = 0; i < ids.length; i += IDS_PER_MESSAGE)
        send({ kind: "deadLetters", requestIds: ids.slice(i, i + IDS_PER_MESSAGE) });
    }),
    hub.onCollectorsChanged((remote) => !remote && collectors.poke()),
    hub.onAlertsEvaluated((transitions, remote) => !remote && send({ kind: "alerts", transitions })),
    onAccessChange((change) => !applying && send({ kind: "access", change })),
    onCommandsEnqueued((ids) => {
      if (applying) return;
      for (let i = 0; i < ids.length; i += IDS_PER_MESSAGE)
        send({ kind: "commands", collectorIds: ids.slice(i, i + IDS_PER_MESSAGE) });
    }),
  ];
  return {
    stop: () => {
      io.off(RELAY_EVENT, onMessage);
      clearInterval(flush);
      collectors.stop();
      stops.forEach((stop) => stop());
    },
  };
}

/** Only our own processes publish on the adapter's channel; this guards against a version skew. */
function isRelayMessage(m: unknown): m is RelayMessage {
  if (typeof m !== "object" || m === null) return false;
  const r = m as Record<string, unknown>;
  switch (r.kind) {
    case "ingest":
      return (
        typeof r.delta === "object" && r.delta !== null && Array.isArray((r.delta as IngestDelta).events)
      );
    case "deadLetters":
      return Array.isArray(r.requestIds);
    case "collectors":
      return true;
    case "alerts":
      return typeof r.transitions === "boolean";
    case "access":
      return typeof (r.change as AccessChange | undefined)?.userId === "string";
    case "commands":
      return Array.isArray(r.collectorIds);
    default:
      return false;
  }
}
