// Every pollIntervalMs: stream depth and, per durable consumer of the observed streams, pending,
// ack-pending, redelivered and lag, from JetStream's stream and consumer info.
import {
  JetStreamApiCodes,
  JetStreamApiError,
  type ConsumerInfo,
  type JetStreamManager,
  type StreamInfo,
} from "@nats-io/jetstream";
import type { AdapterSink, Gauge } from "@/collectors/core/adapter";
import { sleep } from "@/collectors/core/retry";
import { OWN_PREFIX } from "@/collectors/nats/mapping";

/**
 * lag = num_pending + num_ack_pending: everything the consumer still has to finish — messages
 * not yet delivered to it plus those delivered but not acknowledged. num_pending alone reads 0
 * for a consumer that pulled a large batch and is stuck on it.
 */
export function consumerGauges(ci: ConsumerInfo): Gauge[] {
  const channel = ci.stream_name;
  const consumer = ci.name;
  return [
    { channel, consumer, name: "pending", value: ci.num_pending },
    { channel, consumer, name: "ack_pending", value: ci.num_ack_pending },
    { channel, consumer, name: "redelivered", value: ci.num_redelivered },
    { channel, consumer, name: "lag", value: ci.num_pending + ci.num_ack_pending },
  ];
}

/** consumers counts the stream's consumers other than Eventscope's own ordered and durable ones. */
export function streamGauges(si: StreamInfo, consumers: ConsumerInfo[]): Gauge[] {
  const others = consumers.filter((ci) => !ci.name.startsWith(OWN_PREFIX)).length;
  return [
    { channel: si.config.name, name: "depth", value: si.state.messages },
    { channel: si.config.name, name: "consumers", value: others },
  ];
}

/** Durables only (ephemeral and ordered consumers come and go), never Eventscope's own. */
function reported(ci: ConsumerInfo, only: Set<string> | undefined): boolean {
  if (!ci.config.durable_name || ci.name.startsWith(OWN_PREFIX)) return false;
  return only ? only.has(ci.name) : true;
}

export type PollOptions = {
  streams: string[];
  /** Configured streams that did not exist when the adapter started (so are not observed). */
  missing: ReadonlySet<string>;
  /** Durable names to report; all durables when undefined. */
  consumers: string[] | undefined;
  intervalMs: number;
  /**
   * An observed stream was deleted, or a missing one appeared. The ordered consumer of a deleted
   * stream would only notice after missing heartbeats (a minute) and then wait for it forever;
   * the runtime restarts the adapter instead, which then observes the streams that exist.
   */
  onStreamsChanged: (reason: string) => void;
};

export async function pollOnce(jsm: JetStreamManager, opts: PollOptions, sink: AdapterSink): Promise<void> {
  const { streams, consumers } = opts;
  const only = consumers ? new Set(consumers) : undefined;
  for (const stream of streams) {
    try {
      const info = await jsm.streams.info(stream);
      if (opts.missing.has(stream)) {
        opts.onStreamsChanged(`JetStream stream ${stream} exists now`);
        continue;
      }
      const consumers: ConsumerInfo[] = [];
      for await (const ci of jsm.consumers.list(stream)) consumers.push(ci);
      sink.gauges([
        ...streamGauges(info, consumers),
        ...consumers.filter((ci) => reported(ci, only)).flatMap(consumerGauges),
      ]);
    } catch (err) {
      if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound))
        sink.problem(`nats lag poll ${stream}`, err);
      else if (!opts.missing.has(stream))
        opts.onStreamsChanged(`JetStream stream ${stream} no longer exists`);
    }
  }
}

/** Polls until the signal aborts; the first poll runs at once. */
export async function pollLag(
  jsm: JetStreamManager,
  opts: PollOptions,
  sink: AdapterSink,
  signal: AbortSignal,
): Promise<void> {
  while (!signal.aborted) {
    await pollOnce(jsm, opts, sink);
    await sleep(opts.intervalMs, signal);
  }
}
