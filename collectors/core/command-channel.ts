// The agent's end of socket.io /collectors: says hello, beats every HEARTBEAT_INTERVAL_MS, runs
// reprocess commands through the adapter and reports each outcome until the server acknowledges
// it. Commands run in windows of up to COMMAND_WINDOW at once, windows in the order received; a
// command id seen before is answered from the command log, never run again.
import { io, type Socket } from "socket.io-client";
import { REPROCESS_ID_HEADER, type RepublishRequest } from "@/collectors/core/adapter";
import type { CommandLog } from "@/collectors/core/command-log";
import type { CollectorLog } from "@/collectors/core/log";
import {
  COLLECTORS_NAMESPACE,
  HEARTBEAT_INTERVAL_MS,
  type CollectorClientToServerEvents,
  type CollectorHeartbeat,
  type CollectorHello,
  type CollectorServerToClientEvents,
  type CommandResult,
  type ReprocessCommand,
} from "@/lib/collectors/protocol";

type ClientSocket = Socket<CollectorServerToClientEvents, CollectorClientToServerEvents>;

export type CommandChannelOptions = {
  serverUrl: string;
  token: string;
  hello: () => CollectorHello;
  heartbeat: () => CollectorHeartbeat;
  republish: (req: RepublishRequest) => Promise<void>;
  commands: CommandLog;
  log: CollectorLog;
  heartbeatMs?: number;
  /**
   * Whether the adapter is connected to its broker. While it is not, commands wait (at start, the
   * server pushes before the broker connection is up), and one that fails because the broker went
   * away is run again once it is back rather than reported failed: "not connected" is not an answer.
   */
  brokerReady?: () => boolean;
  /** How many commands run at once (default COMMAND_WINDOW); 1 runs them strictly in order. */
  window?: number;
};

/**
 * Commands whose publishes overlap: one at a time, a command is a full broker round trip. Each
 * window costs two command-log appends and waits for its slowest confirm, so with 64 the agent
 * topped out near 2 500 msgs/s (bench:reprocess); a crash may duplicate at most one window.
 */
export const COMMAND_WINDOW = 256;

const BROKER_WAIT_MS = 100;
/** Outcomes per `command_results` message (the server records each batch in one statement). */
const RESULTS_PER_BATCH = 500;
/**
 * Batches of results sent and awaiting the server's acknowledgement at once. The server records a
 * batch in one statement that keeps one Postgres backend busy (~0.1 s for 500): with one batch at a
 * time, recording was the slowest stage of a bulk reprocess and ran serially (bench:reprocess); two
 * overlap it with the next batch's trip and use a second core. The batches hold different commands.
 */
const RESULTS_IN_FLIGHT = 2;
/** After an unacknowledged batch of results, the next try. */
const RESEND_RESULTS_MS = 1_000;

/** Headers Eventscope added on the way in; they do not go back to the broker. */
const INTERNAL = /^x-eventscope-(?!reprocess-id$)/i;

export class CommandChannel {
  private readonly socket: ClientSocket;
  private beat: ReturnType<typeof setInterval> | undefined;
  private queue: ReprocessCommand[] = [];
  private running: Promise<void> | undefined;
  /** Results sent and not acknowledged yet, and how many batches hold them. */
  private readonly resultsInFlight = new Set<string>();
  private batchesInFlight = 0;
  /** Bumped on each disconnection: acknowledgements of an earlier connection no longer count as in flight. */
  private connection = 0;
  private stopped = false;
  private retryHello: ReturnType<typeof setTimeout> | undefined;
  private resend: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly o: CommandChannelOptions) {
    this.socket = io(new URL(COLLECTORS_NAMESPACE, o.serverUrl).toString(), {
      auth: { token: o.token },
      transports: ["websocket"],
      reconnectionDelay: 1_000,
      reconnectionDelayMax: 30_000,
      autoConnect: false,
    });
    this.socket.on("connect", () => this.onConnect());
    this.socket.on("connect_error", (err) =>
      o.log.warn({ err: err.message }, "command channel: cannot connect; retrying"),
    );
    this.socket.on("disconnect", (reason) => {
      o.log.info({ reason }, "command channel: disconnected");
      // Their answers may never come: after the reconnect they are sent again at once.
      this.connection++;
      this.resultsInFlight.clear();
      this.batchesInFlight = 0;
    });
    this.socket.on("access_ended", (reason) =>
      o.log.error({ reason }, "command channel: the server ended this collector's access"),
    );
    this.socket.on("commands", (commands, ack) => {
      const list = Array.isArray(commands) ? commands : [];
      ack({ received: list.map((c) => c.commandId) });
      const queued = new Set(this.queue.map((c) => c.commandId));
      for (const c of list) if (!queued.has(c.commandId)) this.queue.push(c);
      this.running ??= this.runQueue().finally(() => (this.running = undefined));
    });
  }

  start(): void {
    this.socket.connect();
    this.beat = setInterval(() => {
      if (this.socket.connected) this.socket.emit("heartbeat", this.o.heartbeat());
    }, this.o.heartbeatMs ?? HEARTBEAT_INTERVAL_MS);
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** Finishes the command in progress (its outcome is logged), then disconnects. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.beat);
    clearTimeout(this.retryHello);
    clearTimeout(this.resend);
    this.queue = [];
    await this.running;
    this.socket.disconnect();
    await this.o.commands.close();
  }

  private onConnect(): void {
    this.socket.emit("hello", this.o.hello(), (res) => {
      if (!res.ok) {
        // Connected but unknown to the dispatcher, no command would ever arrive: start over later.
        this.o.log.error(
          { error: res.error },
          "command channel: the server refused hello; reconnecting in 10 s",
        );
        this.socket.disconnect();
        if (!this.stopped) this.retryHello = setTimeout(() => this.socket.connect(), 10_000);
        return;
      }
      this.o.log.info({ collector: res.name }, "command channel: connected");
      this.socket.emit("heartbeat", this.o.heartbeat());
      this.sendResults();
    });
  }

  private async runQueue(): Promise<void> {
    while (this.queue.length > 0 && !this.stopped) {
      if (!(await this.brokerUp())) return;
      const window = this.queue.splice(0, this.o.window ?? COMMAND_WINDOW);
      const todo: ReprocessCommand[] = [];
      for (const c of window) {
        if (this.o.commands.outcome(c.commandId)) this.o.commands.reportAgain(c.commandId);
        else todo.push(c);
      }
      if (todo.length > 0) this.queue.unshift(...(await this.execute(todo)));
      this.sendResults();
    }
  }

  /** Waits for the broker connection; false when stopped meanwhile (the server pushes again on hello). */
  private async brokerUp(): Promise<boolean> {
    while (this.o.brokerReady && !this.o.brokerReady() && !this.stopped)
      await new Promise((r) => setTimeout(r, BROKER_WAIT_MS));
    return !this.stopped;
  }

  /**
   * Runs a window of commands at once (one log append before, one after; the publishes overlap,
   * each still resolving only on its own confirm). Returns the ones that failed because the broker
   * connection went away: no outcome for them, they run again once it is back.
   */
  private async execute(commands: ReprocessCommand[]): Promise<ReprocessCommand[]> {
    const again = new Set(
      commands.filter((c) => this.o.commands.wasStarted(c.commandId)).map((c) => c.commandId),
    );
    await this.o.commands.markStarted(...commands.map((c) => c.commandId));
    const settled = await Promise.allSettled(commands.map((c) => this.o.republish(toRequest(c))));
    const results: CommandResult[] = [];
    const interrupted: ReprocessCommand[] = [];
    settled.forEach((s, i) => {
      const c = commands[i]!;
      if (s.status === "rejected" && this.o.brokerReady && !this.o.brokerReady()) {
        interrupted.push(c);
        return;
      }
      const result: CommandResult =
        s.status === "fulfilled"
          ? { commandId: c.commandId, ok: true, at: new Date().toISOString() }
          : {
              commandId: c.commandId,
              ok: false,
              error: s.reason instanceof Error ? s.reason.message : String(s.reason),
              at: new Date().toISOString(),
            };
      if (again.has(c.commandId)) result.possibleDuplicate = true;
      results.push(result);
    });
    if (results.length > 0) await this.o.commands.markDone(...results);
    if (interrupted.length > 0)
      this.o.log.warn(
        { commands: interrupted.length },
        "reprocess commands interrupted: broker not connected; will run again",
      );
    const failed = results.filter((r) => !r.ok);
    this.o.log.info(
      { done: results.length, failed: failed.length, error: failed[0]?.error },
      "reprocess commands done",
    );
    return interrupted;
  }

  /** Sends outcomes not yet acknowledged, up to RESULTS_IN_FLIGHT batches at a time. */
  private sendResults(): void {
    while (this.batchesInFlight < RESULTS_IN_FLIGHT && this.socket.connected) {
      const results = this.o.commands.unacked(RESULTS_PER_BATCH, this.resultsInFlight);
      if (results.length === 0) return;
      this.sendBatch(results);
    }
  }

  private sendBatch(results: CommandResult[]): void {
    const ids = results.map((r) => r.commandId);
    const connection = this.connection;
    this.batchesInFlight++;
    for (const id of ids) this.resultsInFlight.add(id);
    this.socket.timeout(30_000).emit("command_results", results, (err: Error | null) => {
      const current = connection === this.connection;
      if (current) {
        this.batchesInFlight--;
        for (const id of ids) this.resultsInFlight.delete(id);
      }
      if (err) {
        if (!current) return; // the reconnect sent them again
        this.o.log.warn({ err: err.message }, "command channel: results not acknowledged; will resend");
        // Also when no command is left to run (nothing else would call this again until a reconnect).
        clearTimeout(this.resend);
        if (!this.stopped) this.resend = setTimeout(() => this.sendResults(), RESEND_RESULTS_MS);
        return;
      }
      // markAcked takes them out of the unacknowledged set before its first await.
      this.o.commands
        .markAcked(ids)
        .catch((e: unknown) => this.o.log.error({ err: String(e) }, "command log: cannot write"));
      this.sendResults();
    });
  }
}

export function toRequest(c: ReprocessCommand): RepublishRequest {
  const headers: RepublishRequest["headers"] = {};
  for (const [k, v] of Object.entries(c.headers ?? {})) if (!INTERNAL.test(k)) headers[k] = v;
  headers[REPROCESS_ID_HEADER] = c.commandId;
  return {
    reprocessId: c.commandId,
    destination: c.destination,
    headers,
    body: Buffer.from(c.payload, c.payloadEncoding === "base64" ? "base64" : "utf8"),
    contentType: c.contentType,
  };
}
