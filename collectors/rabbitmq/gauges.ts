// Queue depth and consumer count gauges by passive declare (queue.declare passive): cheap, needs
// no management plugin. A missing queue answers 404, which closes the channel in AMQP 0-9-1: the
// poller reopens it and reports each missing queue once until it appears.
import type { ChannelModel } from "amqplib";
import type { AdapterSink, Gauge } from "@/collectors/core/adapter";
import { isNotFound, ReopeningChannel } from "@/collectors/rabbitmq/connection";

export type GaugePoller = {
  /** Reads every queue once and reports the gauges of those that exist. */
  poll(queues: Iterable<string>): Promise<void>;
  close(): Promise<void>;
};

export function createGaugePoller(conn: ChannelModel, sink: AdapterSink): GaugePoller {
  const channel = new ReopeningChannel(conn);
  const missing = new Set<string>();
  return {
    async poll(queues) {
      const gauges: Gauge[] = [];
      for (const queue of new Set(queues)) {
        try {
          const { messageCount, consumerCount } = await channel.run((ch) => ch.checkQueue(queue));
          gauges.push(
            { channel: queue, name: "depth", value: messageCount },
            { channel: queue, name: "consumers", value: consumerCount },
          );
          missing.delete(queue);
        } catch (err) {
          if (!isNotFound(err)) throw err;
          if (!missing.has(queue))
            sink.problem(`queue "${queue}" does not exist (no gauges until it does)`, err);
          missing.add(queue);
        }
      }
      if (gauges.length > 0) sink.gauges(gauges);
    },
    close: () => channel.close(),
  };
}
