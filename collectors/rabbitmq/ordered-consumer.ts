// Consumes a queue handing each message to the sink in arrival order, acknowledging a message
// only once the sink resolved it and everything before it (one ack with multiple=true covers a
// run). While the sink waits (a full outbox) no ack goes out, the prefetch window fills, and the
// broker stops delivering: that is the backpressure.
import type { Channel, ConsumeMessage } from "amqplib";
import { safeAck } from "@/collectors/rabbitmq/connection";

type Entry = { msg: ConsumeMessage; done: boolean };

const ACK_BATCH = 200;
const ACK_DELAY_MS = 20;

export type OrderedConsumer = {
  readonly consumerTag: string;
  /** Stops delivery, then waits (at most `graceMs`) for handled messages to be acked. */
  stop(graceMs: number): Promise<void>;
};

export async function consumeInOrder(
  ch: Channel,
  queue: string,
  handle: (msg: ConsumeMessage) => Promise<void>,
  hooks: {
    /** The sink refused a message: it and those after it stay unacked (redelivered after a restart). */
    onHandleFailed(err: unknown): void;
    /** The broker cancelled the consumer (the queue was deleted). */
    onCancelled(): void;
  },
): Promise<OrderedConsumer> {
  const inFlight: Entry[] = [];
  let halted = false;
  let idle: (() => void) | undefined;

  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  let doneSinceAck = 0;
  const flushNow = () => {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    doneSinceAck = 0;
    let last: ConsumeMessage | undefined;
    while (inFlight[0]?.done) last = inFlight.shift()?.msg;
    if (last && !halted) safeAck(ch, last, true);
    if (inFlight.length === 0) idle?.();
  };
  // One ack (multiple) covers a run: sent once ACK_BATCH messages are done, else within
  // ACK_DELAY_MS. An ack per message — or per outbox write — costs the broker a frame each and,
  // on a busy machine, a good part of the publishers' throughput (bench:collector).
  const flush = () => {
    if (++doneSinceAck >= ACK_BATCH) flushNow();
    else flushTimer ??= setTimeout(flushNow, ACK_DELAY_MS);
  };

  const { consumerTag } = await ch.consume(
    queue,
    (msg) => {
      if (!msg) return hooks.onCancelled();
      if (halted) return; // left unacked: the broker redelivers it after the restart that follows
      const entry: Entry = { msg, done: false };
      inFlight.push(entry);
      let handled: Promise<void>;
      try {
        handled = handle(msg);
      } catch (err) {
        handled = Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
      handled.then(
        () => {
          entry.done = true;
          flush();
        },
        (err: unknown) => {
          if (!halted) hooks.onHandleFailed(err);
          halted = true;
          // Whatever resolved before the failure was still acked by earlier flushes; nothing after is.
          inFlight.length = 0;
          idle?.();
        },
      );
    },
    { noAck: false },
  );

  return {
    consumerTag,
    async stop(graceMs) {
      try {
        await ch.cancel(consumerTag);
      } catch {
        // Channel already closed: the broker requeued everything unacked.
      }
      flushNow(); // what is done is acked now, not after the ack delay
      if (inFlight.length === 0) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, graceMs);
        idle = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    },
  };
}
