// The tap: Eventscope's own durable queue bound to the configured exchanges, so the applications'
// queues and consumers are untouched. Bounded (x-max-length, drop-head) and self-removing
// (x-expires), so a stalled or long-gone collector never grows the broker without bound, while a
// restarting one still finds what was published meanwhile.
import { createHash } from "node:crypto";
import type { Channel, ChannelModel } from "amqplib";
import type { AdapterSink } from "@/collectors/core/adapter";
import { observedMessage } from "@/collectors/rabbitmq/amqp-mapping";
import type { RabbitmqConfig } from "@/collectors/rabbitmq/config";
import { closeQuietly, isNotFound, openChannel, ReopeningChannel } from "@/collectors/rabbitmq/connection";
import { consumeInOrder, type OrderedConsumer } from "@/collectors/rabbitmq/ordered-consumer";

type QueueOptions = RabbitmqConfig["tapQueue"];

/**
 * A queue name that changes whenever what defines the queue changes (bindings, limits): stale
 * bindings from an earlier configuration cannot be listed over AMQP to remove them, and a
 * redeclare with other limits fails (406). The old queue, now unused, expires on its own.
 */
export function ownQueueName(kind: "tap" | "firehose", brokerName: string, definition: unknown): string {
  const hash = createHash("sha256").update(JSON.stringify(definition)).digest("hex").slice(0, 8);
  return `eventscope.${kind}.${brokerName}.${hash}`;
}

export function tapQueueName(config: RabbitmqConfig): string {
  const bindings = config.exchanges
    .map((e) => ({ name: e.name, keys: [...new Set(e.bindingKeys)].sort() }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  return ownQueueName("tap", config.name, { bindings, ...config.tapQueue });
}

export async function declareOwnQueue(ch: Channel, name: string, o: QueueOptions): Promise<void> {
  await ch.assertQueue(name, {
    durable: true,
    arguments: {
      "x-expires": o.expiresMs,
      "x-max-length": o.maxLength,
      "x-max-length-bytes": o.maxLengthBytes,
      "x-overflow": "drop-head",
    },
  });
}

export type Tap = {
  readonly queue: string;
  /** Retries bindings to exchanges that did not exist yet (called every poll). */
  bindMissing(): Promise<void>;
  stop(graceMs: number): Promise<void>;
};

export async function startTap(
  conn: ChannelModel,
  config: RabbitmqConfig,
  sink: AdapterSink,
  onLost: (reason: string) => void,
): Promise<Tap> {
  const queue = tapQueueName(config);
  // Binding to a missing exchange closes the channel (404), so setup has a channel of its own.
  const setup = new ReopeningChannel(conn);
  await setup.run((ch) => declareOwnQueue(ch, queue, config.tapQueue));

  const missing = new Set(config.exchanges.map((e) => e.name));
  const reported = new Set<string>();
  const bindMissing = async () => {
    for (const exchange of config.exchanges.filter((e) => missing.has(e.name))) {
      try {
        for (const key of exchange.bindingKeys)
          await setup.run((ch) => ch.bindQueue(queue, exchange.name, key));
        missing.delete(exchange.name);
        if (reported.delete(exchange.name))
          sink.log.info({ exchange: exchange.name }, "tapping exchange now");
      } catch (err) {
        if (!isNotFound(err)) throw err;
        if (!reported.has(exchange.name)) {
          reported.add(exchange.name);
          sink.problem(`exchange "${exchange.name}" does not exist; retrying every poll`, err);
        }
      }
    }
  };
  await bindMissing();

  const ch = await openChannel(conn, (err) => onLost(`tap channel closed: ${err.message}`));
  await ch.prefetch(config.prefetch);
  const consumer: OrderedConsumer = await consumeInOrder(
    ch,
    queue,
    (msg) =>
      sink.message(
        observedMessage({
          exchange: msg.fields.exchange,
          routingKey: msg.fields.routingKey,
          properties: msg.properties,
          body: msg.content,
          observedAt: new Date(),
        }),
      ),
    {
      onHandleFailed: (err) =>
        sink.problem(`tap queue ${queue}: the sink refused a message; pausing until restart`, err),
      // Someone deleted Eventscope's queue: a restart redeclares and rebinds it.
      onCancelled: () => onLost(`tap queue ${queue} was deleted`),
    },
  );

  return {
    queue,
    bindMissing: () => (missing.size > 0 ? bindMissing() : Promise.resolve()),
    async stop(graceMs) {
      await consumer.stop(graceMs);
      await closeQuietly(ch);
      await setup.close();
    },
  };
}
