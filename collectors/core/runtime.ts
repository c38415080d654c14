// One collector agent, assembled: outbox → sender to the server; adapter (supervised) → sink →
// outbox; metrics and health; the command channel. stop() is the graceful shutdown: stop taking
// from the broker, flush what the server will take within the deadline, keep the rest on disk.
import { hostname } from "node:os";
import type { BrokerAdapter } from "@/collectors/core/adapter";
import { CheckpointFile } from "@/collectors/core/checkpoint-file";
import { CommandChannel } from "@/collectors/core/command-channel";
import { CommandLog } from "@/collectors/core/command-log";
import type { CommonConfig } from "@/collectors/core/config/collector-config";
import { Extractor } from "@/collectors/core/extract/extractor";
import type { CollectorLog } from "@/collectors/core/log";
import { collectorRegistry, serveMetrics, type MetricsSnapshot } from "@/collectors/core/metrics";
import { Outbox } from "@/collectors/core/outbox";
import { RuntimeSink } from "@/collectors/core/runtime-sink";
import { BatchSender } from "@/collectors/core/sender";
import { AdapterSupervisor } from "@/collectors/core/supervisor";
import type { CollectorHeartbeat } from "@/lib/collectors/protocol";
import { MAX_HEARTBEAT_GAUGES } from "@/lib/collectors/protocol";

export const COLLECTOR_VERSION = "0.1.0";
/** How often read positions are written (a crash re-reads at most this much; the server dedupes). */
const CHECKPOINT_SAVE_MS = 250;

export type RuntimeOptions = {
  config: CommonConfig & { outbox: { dir: string } };
  token: string;
  /** The broker's name in Eventscope and its kind, from the broker section. */
  broker: { name: string; kind: string };
  adapter: BrokerAdapter;
  log: CollectorLog;
  /** Shorter for tests. */
  retry?: { baseMs: number; maxMs: number };
  stopTimeoutMs?: number;
};

export type RunningCollector = {
  sink: RuntimeSink;
  sender: BatchSender;
  outbox: Outbox;
  metricsPort: number | undefined;
  /** Connection attempts since the adapter was last connected. */
  brokerAttempts: () => number;
  snapshot: () => MetricsSnapshot;
  stop: () => Promise<void>;
};

export async function startCollector(o: RuntimeOptions): Promise<RunningCollector> {
  const { config: c, log } = o;
  const extractor = new Extractor(o.broker.name, c.extract);
  const outbox = await Outbox.open({
    dir: c.outbox.dir,
    maxBytes: c.outbox.maxBytes,
    whenFull: c.outbox.whenFull,
    log,
    // Called only once sending starts, after `sink` below exists.
    onRelease: (records, outcome) => sink.released(records, outcome),
  });
  const checkpoints = await CheckpointFile.open(c.outbox.dir);
  const sender = new BatchSender({
    serverUrl: c.server.url,
    token: o.token,
    log,
    queue: outbox,
    maxBatchItems: c.batch.maxItems,
    maxBatchDelayMs: c.batch.maxDelayMs,
    retryBaseMs: o.retry?.baseMs,
    retryMaxMs: o.retry?.maxMs,
    userAgent: `eventscope-collector/${COLLECTOR_VERSION} (${o.broker.kind})`,
  });
  const sink = new RuntimeSink(
    extractor,
    outbox,
    () => sender.wake(),
    checkpoints,
    log,
    () => supervisor.disconnected(),
  );
  const supervisor = new AdapterSupervisor(o.adapter, sink, log, o.retry);
  sender.wake(); // what an earlier run left in the outbox goes first

  const snapshot = (): MetricsSnapshot => {
    const st = sender.stats();
    const ob = outbox.stats();
    return {
      received: {
        events: sink.counters.messages,
        deliveries: sink.counters.deliveries,
        deadLetters: sink.counters.deadLetters,
      },
      sent: st.sentItems,
      retried: st.retries,
      dropped: { outboxFull: ob.dropped, refused: st.droppedRefused, rejected: st.rejectedItems },
      deadLettersStored: sink.counters.deadLettersStored,
      outboxItems: ob.items,
      outboxBytes: ob.bytes,
      brokerConnected: sink.brokerConnected,
      problems: sink.counters.problems,
      gauges: [...sink.latestGauges.values()],
    };
  };
  const heartbeat = (): CollectorHeartbeat => {
    const m = snapshot();
    const lastError = [sink.lastError, sender.stats().lastError]
      .filter((e) => e !== undefined)
      .sort((a, b) => (a.at < b.at ? 1 : -1))[0];
    return {
      at: new Date().toISOString(),
      brokerConnected: m.brokerConnected,
      stats: {
        received: m.received.events + m.received.deliveries + m.received.deadLetters,
        sent: m.sent,
        retried: m.retried,
        dropped: m.dropped.outboxFull + m.dropped.refused + m.dropped.rejected,
        deadLetters: m.deadLettersStored,
        outboxItems: m.outboxItems,
        outboxBytes: m.outboxBytes,
        eventsPerSecond: sink.rate.perSecond(),
        // Broker-side problems, failed ingest attempts, refused batches and rejected items.
        errors: sink.counters.problems + m.retried + m.dropped.refused + m.dropped.rejected,
      },
      lastError,
      gauges: m.gauges.slice(0, MAX_HEARTBEAT_GAUGES),
    };
  };

  let metrics: Awaited<ReturnType<typeof serveMetrics>> | undefined;
  if (c.metrics.listen !== false) {
    const registry = collectorRegistry(c.name, snapshot);
    metrics = await serveMetrics(
      c.metrics.listen,
      registry,
      () => ({
        ok: true,
        brokerConnected: sink.brokerConnected,
        outbox: outbox.stats(),
        commandChannel: channel?.connected ?? false,
      }),
      log,
    );
    log.info(
      { url: `http://${c.metrics.listen.replace(/:\d+$/, "")}:${metrics.port}/metrics` },
      "metrics listening",
    );
  }

  let channel: CommandChannel | undefined;
  if (c.commands.enabled) {
    const startedAt = new Date().toISOString();
    channel = new CommandChannel({
      serverUrl: c.server.url,
      token: o.token,
      hello: () => ({
        version: COLLECTOR_VERSION,
        brokerKind: o.broker.kind,
        broker: o.broker.name,
        hostname: hostname(),
        pid: process.pid,
        startedAt,
      }),
      heartbeat,
      republish: (req) => o.adapter.republish(req),
      brokerReady: () => sink.brokerConnected,
      commands: await CommandLog.open(c.outbox.dir),
      log,
    });
    channel.start();
  }

  supervisor.start();
  const saver = setInterval(
    () =>
      void checkpoints
        .save()
        .catch((err: unknown) => log.error({ err: String(err) }, "cannot save checkpoints")),
    CHECKPOINT_SAVE_MS,
  );

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      log.info({}, "collector stopping: flushing the outbox");
      await supervisor.stop();
      sink.stop();
      await channel?.stop();
      clearInterval(saver);
      await checkpoints.save();
      await sender.stop(o.stopTimeoutMs ?? 10_000);
      await outbox.close();
      await metrics?.close();
      log.info({ left: outbox.length, ...sender.stats() }, "collector stopped");
    })());

  return {
    sink,
    sender,
    outbox,
    metricsPort: metrics?.port,
    brokerAttempts: () => supervisor.attempts,
    snapshot,
    stop,
  };
}
