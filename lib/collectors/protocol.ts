// The socket.io contract of the /collectors namespace (collector agents ↔ server), shared by the
// server (server/collectors-namespace.ts) and the agent (collectors/core/command-channel.ts).
//
// The agent authenticates with its collector token in the handshake (`auth: { token }`), says
// hello, then sends a heartbeat every few seconds. The server pushes reprocess commands, persisted
// in Postgres before they are pushed, so commands issued while the agent was away arrive when it
// reconnects. A command id seen twice executes once: the agent remembers outcomes on disk and
// answers a repeat with the stored outcome.

export const COLLECTORS_NAMESPACE = "/collectors";
/**
 * The header where a collector keeps a dead letter's original routing key / subject (the ingest
 * contract has no field for it); a reprocess's default destination takes its subject from there.
 */
export const ORIGINAL_SUBJECT_HEADER = "x-eventscope-original-subject";
/** The agent's heartbeat period; the server calls a collector stale after 3 missed beats, down when disconnected. */
export const HEARTBEAT_INTERVAL_MS = 5_000;
/** One push carries one agent window (collectors/core/command-channel.ts COMMAND_WINDOW). */
export const MAX_COMMANDS_PER_PUSH = 256;
export const MAX_HEARTBEAT_GAUGES = 500;

export type CollectorHello = {
  version: string;
  /** rabbitmq | nats | redis | kafka | demo */
  brokerKind: string;
  /** The broker's name in Eventscope (the `broker` field of what it ingests). */
  broker: string;
  hostname: string;
  pid: number;
  startedAt: string; // ISO 8601
};

export type CollectorStats = {
  received: number; // messages, deliveries and dead letters taken from the broker
  sent: number; // items the server confirmed
  retried: number; // ingest requests retried
  dropped: number; // items dropped (outbox full under the drop policy, or refused by the server)
  deadLetters: number; // dead letters stored by the server
  outboxItems: number;
  outboxBytes: number;
  eventsPerSecond: number; // received, over the last minute
  errors: number; // problems reported since start
};

export type CollectorHeartbeat = {
  at: string; // ISO 8601
  /** Whether the agent is connected to its broker right now. */
  brokerConnected: boolean;
  stats: CollectorStats;
  lastError?: { at: string; message: string };
  gauges: { channel: string; consumer?: string; name: string; value: number }[];
};

/** Republish one stored dead letter. `commandId` is unique per (reprocess, dead letter). */
export type ReprocessCommand = {
  commandId: string;
  deadLetterId: string;
  destination: { channel: string; subject?: string };
  headers: Record<string, string | number | boolean | null>;
  payload: string;
  payloadEncoding: "utf8" | "base64";
  contentType?: string;
};

export type CommandResult = {
  commandId: string;
  ok: boolean;
  error?: string;
  /** When it finished on the agent (ISO 8601). */
  at: string;
  /**
   * The agent crashed after starting this command and before recording its outcome, so the broker
   * may hold a second copy (stamped with the same x-eventscope-reprocess-id header).
   */
  possibleDuplicate?: boolean;
};

export type Ack<T> = (res: T) => void;
export type HelloResult = { ok: true; collectorId: string; name: string } | { ok: false; error: string };

export interface CollectorServerToClientEvents {
  /** New or not yet answered commands; the agent acks at once with the ids it took (results come later). */
  commands: (commands: ReprocessCommand[], ack: Ack<{ received: string[] }>) => void;
  /** Sent just before the server disconnects an agent whose token was revoked or rotated. */
  access_ended: (reason: string) => void;
}

export interface CollectorClientToServerEvents {
  hello: (hello: CollectorHello, ack: Ack<HelloResult>) => void;
  heartbeat: (beat: CollectorHeartbeat) => void;
  /** The server acks once the outcomes are committed; until then the agent resends them. */
  command_results: (results: CommandResult[], ack: Ack<{ stored: number }>) => void;
}
