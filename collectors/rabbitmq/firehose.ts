// The firehose: RabbitMQ's tracer (`rabbitmqctl trace_on -p <vhost>`, per vhost, by the operator)
// copies every publish and delivery to amq.rabbitmq.trace. Deliveries become ObservedDelivery;
// publishes become messages only for exchanges the tap does not cover (the default exchange,
// exchanges not configured), so no message is reported twice as an event.
import type { ChannelModel } from "amqplib";
import type { AdapterSink } from "@/collectors/core/adapter";
import { parseTraceCopy } from "@/collectors/rabbitmq/amqp-mapping";
import type { RabbitmqConfig } from "@/collectors/rabbitmq/config";
import { closeQuietly, openChannel } from "@/collectors/rabbitmq/connection";
import { consumeInOrder } from "@/collectors/rabbitmq/ordered-consumer";
import { declareOwnQueue, ownQueueName } from "@/collectors/rabbitmq/tap";

const TRACE_EXCHANGE = "amq.rabbitmq.trace";

export function firehoseQueueName(config: RabbitmqConfig): string {
  return ownQueueName("firehose", config.name, config.tapQueue);
}

export type Firehose = { readonly queue: string; stop(graceMs: number): Promise<void> };

export async function startFirehose(
  conn: ChannelModel,
  config: RabbitmqConfig,
  sink: AdapterSink,
  opts: {
    /** Exchanges whose publishes the tap reports already. */
    tapped: ReadonlySet<string>;
    /** Queues Eventscope itself consumes (tap, firehose, drained DLQs): not application deliveries. */
    isOwnQueue: (queue: string) => boolean;
    onLost: (reason: string) => void;
  },
): Promise<Firehose> {
  const queue = firehoseQueueName(config);
  const ch = await openChannel(conn, (err) => opts.onLost(`firehose channel closed: ${err.message}`));
  await declareOwnQueue(ch, queue, config.tapQueue);
  await ch.bindQueue(queue, TRACE_EXCHANGE, "publish.#");
  await ch.bindQueue(queue, TRACE_EXCHANGE, "deliver.#");
  await ch.prefetch(config.prefetch);
  let unreadable = 0;

  const consumer = await consumeInOrder(
    ch,
    queue,
    (msg) => {
      const copy = parseTraceCopy(msg.fields.routingKey, msg.properties.headers, msg.content, new Date());
      if (!copy) {
        if (unreadable++ === 0)
          sink.problem("firehose", new Error(`trace message ${msg.fields.routingKey} has no trace headers`));
        return Promise.resolve();
      }
      if (copy.kind === "publish")
        return opts.tapped.has(copy.exchange) ? Promise.resolve() : sink.message(copy.message);
      if (opts.isOwnQueue(copy.queue)) return Promise.resolve();
      return sink.delivery({
        message: copy.message,
        consumer: copy.queue,
        deliveredAt: copy.message.observedAt,
        // The tracer copies deliveries, never acks, nacks or rejects: "ack" is an assumption that
        // a later dead letter (or a redelivery with attempt > 1) corrects.
        outcome: "ack",
        attempt: copy.deliveryCount !== undefined ? copy.deliveryCount + 1 : copy.redelivered ? 2 : 1,
      });
    },
    {
      onHandleFailed: (err) =>
        sink.problem(`firehose queue ${queue}: the sink refused a copy; pausing until restart`, err),
      onCancelled: () => opts.onLost(`firehose queue ${queue} was deleted`),
    },
  );

  return {
    queue,
    async stop(graceMs) {
      await consumer.stop(graceMs);
      await closeQuietly(ch);
    },
  };
}
