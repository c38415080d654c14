// Every pollIntervalMs: stream depth and, per durable consumer of the observed streams, pending,
// ack-pending, redelivered and lag, from JetStream's stream and consumer info.
import type { ConsumerInfo, JetStreamManager, StreamInfo } from "@nats-io/jetstream";
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

export function streamGauges(si: StreamInfo): Gauge[] {
  return [
    { channel: si.config.name, name: "depth", value: si.state.messages },
    { channel: si.config.name, name: "consumers", value: si.state.consumer_count },
  ];
}

/** Durables only (ephemeral and ordered consumers come and go), never Eventscope's own. */
function reported(ci: ConsumerInfo, only: Set<string> | undefined): boolean {
  if (!ci.config.durable_name || ci.name.startsWith(OWN_PREFIX)) return false;
  return only ? only.has(ci.name) : true;
}

export async function pollOnce(
  jsm: JetStreamManager,
  streams: string[],
  consumers: string[] | undefined,
  sink: AdapterSink,
): Promise<void> {
  const only = consumers ? new Set(consumers) : undefined;
  for (const stream of streams) {
    try {
      const gauges = streamGauges(await jsm.streams.info(stream));
      for await (const ci of jsm.consumers.list(stream)) {
        if (reported(ci, only)) gauges.push(...consumerGauges(ci));
      }
      sink.gauges(gauges);
    } catch (err) {
      sink.problem(`nats lag poll ${stream}`, err);
    }
  }
}

/** Polls until the signal aborts; the first poll runs at once. */
export async function pollLag(
  jsm: JetStreamManager,
  streams: string[],
  consumers: string[] | undefined,
  intervalMs: number,
  sink: AdapterSink,
  signal: AbortSignal,
): Promise<void> {
  while (!signal.aborted) {
    await pollOnce(jsm, streams, consumers, sink);
    await sleep(intervalMs, signal);
  }
}
