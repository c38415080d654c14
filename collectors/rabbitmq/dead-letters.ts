// Draining dead-letter queues into Eventscope: each message is acked on the broker only after
// sink.deadLetter() resolved (the server stored it); a refusal puts it back on the queue. Each
// queue has its own channel, so a deleted DLQ (404, cancel) affects no other. Dead letters are
// handled concurrently, not in order: each waits for a server round trip.
import type { Channel, ChannelModel, ConsumeMessage } from "amqplib";
import type { AdapterSink, ObservedDeadLetter } from "@/collectors/core/adapter";
import type { RabbitmqConfig } from "@/collectors/rabbitmq/config";
import { closeQuietly, isNotFound, openChannel, safeAck, safeNack } from "@/collectors/rabbitmq/connection";
import { observedDeadLetter } from "@/collectors/rabbitmq/dead-letter-mapping";

/** Pause before requeueing a dead letter the sink refused, so a sink that keeps refusing does not spin. */
const REQUEUE_DELAY_MS = 1000;

export type DeadLetterDrain = {
  /** Queues being drained now. */
  readonly draining: ReadonlySet<string>;
  /** Starts draining each queue not drained yet; a missing one is reported once and retried on the next call. */
  attach(queues: Iterable<string>): Promise<void>;
  stop(): Promise<void>;
};

export function createDeadLetterDrain(
  conn: ChannelModel,
  config: RabbitmqConfig,
  sink: AdapterSink,
  isStopping: () => boolean,
): DeadLetterDrain {
  const draining = new Map<string, { ch: Channel; consumerTag?: string }>();
  const missing = new Set<string>();

  const detach = (queue: string, ch: Channel) => {
    if (draining.get(queue)?.ch === ch) draining.delete(queue);
  };

  const handle = (queue: string, ch: Channel, msg: ConsumeMessage) => {
    let dl: ObservedDeadLetter;
    try {
      dl = observedDeadLetter({
        dlq: queue,
        exchange: msg.fields.exchange,
        routingKey: msg.fields.routingKey,
        properties: msg.properties,
        body: msg.content,
        observedAt: new Date(),
      });
    } catch (err) {
      // Not expected (the mapping reads defensively); left unacked, so it stays on the broker.
      return sink.problem(`dead-letter queue "${queue}": unreadable message left on the queue`, err);
    }
    sink.deadLetter(dl).then(
      () => safeAck(ch, msg),
      (err: unknown) => {
        // Never lost: back on the queue (and redelivered to us or, after a stop, to the next run).
        if (isStopping()) return safeNack(ch, msg, true);
        sink.problem(`dead letter ${dl.dedupeKey} not stored; requeued`, err);
        setTimeout(() => safeNack(ch, msg, true), REQUEUE_DELAY_MS).unref();
      },
    );
  };

  const attachOne = async (queue: string) => {
    const ch = await openChannel(conn, (err) => {
      detach(queue, ch);
      if (!isStopping() && !isNotFound(err))
        sink.problem(`dead-letter queue "${queue}": channel closed`, err);
    });
    const entry: { ch: Channel; consumerTag?: string } = { ch };
    draining.set(queue, entry);
    try {
      await ch.prefetch(config.prefetch);
      const { consumerTag } = await ch.consume(
        queue,
        (msg) => {
          if (msg) return handle(queue, ch, msg);
          // The broker cancelled us (queue deleted): drain it again if it comes back.
          detach(queue, ch);
          void closeQuietly(ch);
        },
        { noAck: false },
      );
      entry.consumerTag = consumerTag;
      if (missing.delete(queue)) sink.log.info({ queue }, "draining dead-letter queue now");
    } catch (err) {
      detach(queue, ch);
      void closeQuietly(ch);
      if (!isNotFound(err)) throw err;
      if (!missing.has(queue))
        sink.problem(`dead-letter queue "${queue}" does not exist; retrying every poll`, err);
      missing.add(queue);
    }
  };

  return {
    get draining() {
      return new Set(draining.keys());
    },
    async attach(queues) {
      for (const queue of new Set(queues)) if (!draining.has(queue)) await attachOne(queue);
    },
    async stop() {
      const entries = [...draining.values()];
      draining.clear();
      for (const { ch, consumerTag } of entries) {
        if (consumerTag) await ch.cancel(consumerTag).catch(() => undefined);
        // Unacked dead letters (the server has not confirmed them) return to the queue with the channel.
        await closeQuietly(ch);
      }
    },
  };
}
