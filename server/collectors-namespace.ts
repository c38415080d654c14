// The socket.io /collectors namespace (collector agents; contract in lib/collectors/protocol.ts):
// authenticates the collector token of the handshake, records hello, heartbeats and the command
// channel's connection, pushes reprocess commands (server/collectors-dispatch.ts) and records
// their results. A socket whose token is rotated or revoked gets `access_ended` and is
// disconnected: at once when announced in this process, else at the next periodic re-check.
import type { DefaultEventsMap, Namespace, Server } from "socket.io";
import { onAccessChange } from "@/lib/auth/revocations";
import { onCommandsEnqueued } from "@/lib/collectors/command-notices";
import {
  COLLECTORS_NAMESPACE,
  type CollectorClientToServerEvents,
  type CollectorServerToClientEvents,
} from "@/lib/collectors/protocol";
import { recordCommandResults } from "@/lib/collectors/record-command-results";
import { recordConnected, recordDisconnected } from "@/lib/collectors/record-connection";
import { recordHeartbeat } from "@/lib/collectors/record-heartbeat";
import { recordHello } from "@/lib/collectors/record-hello";
import {
  commandResultSchema,
  commandResultsSchema,
  describeIssues,
  heartbeatSchema,
  helloSchema,
  type ParsedCommandResult,
} from "@/lib/collectors/schemas";
import { authorizeCollectorToken, endedReason } from "@/server/collectors-access";
import { CommandDispatcher, type AgentSocket } from "@/server/collectors-dispatch";
import { isAllowedOrigin } from "@/server/origins";

type SocketData = {
  collectorId: string;
  name: string;
  /** Kept to re-check it; never logged. */
  token: string;
  /** Resolves to the connection time recorded in Postgres (a drop is recorded against it). */
  connected: Promise<Date | null>;
  lastBeatMs: number;
  /** Heartbeat writes in arrival order: a later beat must never be overwritten by an earlier one. */
  beats: Promise<unknown>;
};

export type CollectorsNamespace = Namespace<
  CollectorClientToServerEvents,
  CollectorServerToClientEvents,
  DefaultEventsMap,
  SocketData
>;

type Log = {
  info: (obj: object, msg: string) => void;
  warn: (obj: object, msg: string) => void;
  error: (obj: object, msg: string) => void;
};

export type CollectorsNamespaceOptions = {
  /** Browsers have no business here; a handshake carrying a foreign Origin is refused. */
  allowedOrigins: () => readonly string[];
  recheckMs?: number;
  sweepMs?: number;
  ackTimeoutMs?: number;
  /** Commands in flight per collector (default COMMANDS_IN_FLIGHT, server/collectors-dispatch.ts). */
  commandsInFlight?: number;
  /** Heartbeats closer together than this are dropped unstored (default MIN_HEARTBEAT_GAP_MS). */
  minHeartbeatGapMs?: number;
  /** Something the Collectors page shows changed (throttle it: this fires on every heartbeat). */
  onChange?: () => void;
  /** DLQ browse: command outcomes were recorded, so dead letters may have changed state. */
  onDeadLettersChanged?: () => void;
  log?: Log;
};

/** An agent cannot turn heartbeats into a write storm: one per second at most is stored. */
export const MIN_HEARTBEAT_GAP_MS = 1_000;

/** Attaches /collectors to `io`; stop() ends the re-checks and sweeps and waits for pushes in flight. */
export function attachCollectorsNamespace(
  io: Server,
  opts: CollectorsNamespaceOptions,
): { nsp: CollectorsNamespace; stop: () => Promise<void> } {
  const nsp: CollectorsNamespace = io.of(COLLECTORS_NAMESPACE);
  const log = opts.log;
  const changed = () => opts.onChange?.();
  const dispatcher = new CommandDispatcher({
    ackTimeoutMs: opts.ackTimeoutMs ?? 10_000,
    sweepMs: opts.sweepMs ?? 5_000,
    ...(opts.commandsInFlight === undefined ? {} : { window: opts.commandsInFlight }),
    log,
  });
  const writes = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>, what: string) => {
    const w = p
      .catch((err: unknown) => log?.error({ err }, `${what} failed`))
      .finally(() => writes.delete(w));
    writes.add(w);
  };

  nsp.use((socket, next) => {
    const origin = socket.handshake.headers.origin;
    if (origin === undefined || isAllowedOrigin(origin, opts.allowedOrigins())) return next();
    log?.warn(
      { origin, address: socket.handshake.address },
      "refused a /collectors connection from a web page",
    );
    next(new Error("origin not allowed: collectors connect without an Origin header"));
  });

  nsp.use((socket, next) => {
    const token: unknown = (socket.handshake.auth as { token?: unknown }).token;
    authorizeCollectorToken(token)
      .then((verdict) => {
        if (!verdict.ok) {
          log?.warn({ address: socket.handshake.address, reason: verdict.reason }, "refused a collector");
          return next(Object.assign(new Error(verdict.reason), { data: { status: 401 } }));
        }
        socket.data.collectorId = verdict.collectorId;
        socket.data.name = verdict.name;
        socket.data.token = token as string;
        socket.data.lastBeatMs = 0;
        socket.data.beats = Promise.resolve();
        next();
      })
      .catch((err: unknown) => {
        log?.error({ err }, "could not check a collector token");
        next(new Error("the server could not check the token right now; try again"));
      });
  });

  /** Re-checks the tokens of open sockets (all, or one collector's); ends those no longer valid. */
  const recheck = async (collectorId?: string): Promise<void> => {
    const sockets = [...nsp.sockets.values()].filter(
      (s) => collectorId === undefined || s.data.collectorId === collectorId,
    );
    await Promise.all(
      sockets.map(async (s) => {
        const verdict = await authorizeCollectorToken(s.data.token).catch((err: unknown) => {
          // Nothing is known when the check itself fails: the agent stays until the next check.
          log?.warn({ err, collector: s.data.name }, "could not re-check a collector token");
          return null;
        });
        if (verdict === null || (verdict.ok && verdict.collectorId === s.data.collectorId)) return;
        const reason = verdict.ok
          ? "the token now belongs to another collector"
          : endedReason(s.data.name, verdict);
        log?.info({ collector: s.data.name, reason }, "ending a collector's connection");
        s.emit("access_ended", reason);
        s.disconnect(true);
      }),
    );
  };
  const stopAccess = onAccessChange((change) => {
    // Collector tokens announce themselves as "collector:<id>"; people's changes are /live's business.
    if (!change.userId.startsWith("collector:")) return;
    recheck(change.userId.slice("collector:".length)).catch((err: unknown) =>
      log?.warn({ err }, "re-checking /collectors sockets failed"),
    );
  });
  const timer = setInterval(() => {
    recheck().catch((err: unknown) => log?.warn({ err }, "re-checking /collectors sockets failed"));
  }, opts.recheckMs ?? 30_000);
  timer.unref();
  const stopNotices = onCommandsEnqueued((ids) => {
    for (const id of ids) dispatcher.request(id);
    changed();
  });

  nsp.on("connection", (socket) => {
    const { collectorId, name } = socket.data;
    socket.data.connected = recordConnected(collectorId).catch((err: unknown) => {
      log?.error({ err, collector: name }, "could not record a collector's connection");
      return null;
    });
    // The hello and heartbeats are written after the connection: a reader must never see a
    // heartbeat of a collector not yet connected (it would read "stale", not "live").
    socket.data.beats = socket.data.connected;
    changed();

    socket.on("hello", (raw, ack) => {
      // Payloads come from the network: the typed signature is a hope, not a guarantee.
      const reply = typeof ack === "function" ? ack : undefined;
      const parsed = helloSchema.safeParse(raw);
      if (!parsed.success) {
        reply?.({ ok: false, error: `hello refused: ${describeIssues(parsed.error)}` });
        return;
      }
      socket.data.connected
        .then(() => recordHello(collectorId, parsed.data))
        .then((stored) => {
          reply?.({ ok: true, collectorId, name: stored.name });
          if (socket.connected) dispatcher.attach(collectorId, socket as AgentSocket);
          changed();
        })
        .catch((err: unknown) => {
          log?.error({ err, collector: name }, "could not record a collector's hello");
          reply?.({ ok: false, error: "the server could not record the hello; try again" });
        });
    });

    socket.on("heartbeat", (raw) => {
      const now = Date.now();
      if (now - socket.data.lastBeatMs < (opts.minHeartbeatGapMs ?? MIN_HEARTBEAT_GAP_MS)) return;
      const parsed = heartbeatSchema.safeParse(raw);
      if (!parsed.success) {
        log?.warn(
          { collector: name, problem: describeIssues(parsed.error) },
          "ignored a malformed heartbeat",
        );
        return;
      }
      socket.data.lastBeatMs = now;
      const write = socket.data.beats.then(() => recordHeartbeat(collectorId, parsed.data)).then(changed);
      socket.data.beats = write.catch(() => undefined);
      track(write, "storing a heartbeat");
    });

    socket.on("command_results", (raw, ack) => {
      const reply = typeof ack === "function" ? ack : undefined;
      const results = validResults(raw, (problem) =>
        log?.warn({ collector: name, problem }, "ignored malformed command results"),
      );
      // Malformed results are acknowledged unstored: resending the same bytes would never help.
      if (results.length === 0) return reply?.({ stored: 0 });
      track(
        recordCommandResults(collectorId, results).then((r) => {
          if (r.possibleDuplicates > 0)
            log?.warn(
              { collector: name, commands: r.possibleDuplicates },
              "a collector may have republished some dead letters twice (it crashed mid-command)",
            );
          // Every valid result is now on record (applied now or before): the agent may forget them,
          // and their places in its window take the next commands.
          reply?.({ stored: results.length });
          dispatcher.answered(
            collectorId,
            results.map((x) => x.commandId),
          );
          if (r.applied > 0) changed();
          if (r.applied > 0) opts.onDeadLettersChanged?.();
        }),
        "recording command results",
      );
    });

    socket.on("disconnect", () => {
      dispatcher.detach(collectorId, socket as AgentSocket);
      track(
        socket.data.connected
          .then((at) => (at ? recordDisconnected(collectorId, at) : undefined))
          .then(changed),
        "recording a collector's disconnection",
      );
    });
  });

  return {
    nsp,
    stop: async () => {
      stopAccess();
      stopNotices();
      clearInterval(timer);
      await dispatcher.stop();
      await Promise.allSettled([...writes]);
    },
  };
}

function validResults(raw: unknown, warn: (problem: string) => void): ParsedCommandResult[] {
  const list = commandResultsSchema.safeParse(raw);
  if (!list.success) {
    warn(describeIssues(list.error));
    return [];
  }
  const out: ParsedCommandResult[] = [];
  list.data.forEach((item, i) => {
    const r = commandResultSchema.safeParse(item);
    if (r.success) out.push(r.data);
    else warn(`[${i}] ${describeIssues(r.error)}`);
  });
  return out;
}
