// Drains one of Eventscope's own durable consumers into sink.deadLetter, one message at a time:
// a message is acked only after the server stored its dead letter, nak'ed when the sink refuses
// or the adapter stops, so nothing is lost whatever happens in between.
import type { Consumer, ConsumerMessages, JsMsg } from "@nats-io/jetstream";
import type { AdapterSink, ObservedDeadLetter } from "@/collectors/core/adapter";
import { sleep } from "@/collectors/core/retry";

/** How long one pull waits for a message before the loop pulls again. */
const FETCH_EXPIRES_MS = 10_000;
/** Our durables have ack_wait ACK_WAIT_MS; `working` resets it while the server stores. */
export const ACK_WAIT_MS = 60_000;
const WORKING_EVERY_MS = ACK_WAIT_MS / 3;
/** Redelivery delay after the sink refused (the runtime is stopping, or storing failed). */
const RETRY_DELAY_MS = 5000;

/** The dead letter a message stands for; null when it stands for none (acked and skipped). */
export type ToDeadLetter = (m: JsMsg) => Promise<ObservedDeadLetter | null>;

type Outcome = "stored" | "aborted" | { failed: unknown };

function storedOrAborted(stored: Promise<void>, signal: AbortSignal): Promise<Outcome> {
  return new Promise<Outcome>((resolve) => {
    const done = (o: Outcome) => {
      signal.removeEventListener("abort", onAbort);
      resolve(o);
    };
    const onAbort = () => done("aborted");
    // Attached even when already aborted, so a later rejection is never unhandled.
    stored.then(
      () => done("stored"),
      (err: unknown) => done({ failed: err }),
    );
    if (signal.aborted) done("aborted");
    else signal.addEventListener("abort", onAbort, { once: true });
  });
}

async function processOne(m: JsMsg, toDeadLetter: ToDeadLetter, sink: AdapterSink, signal: AbortSignal) {
  let dl: ObservedDeadLetter | null;
  try {
    dl = await toDeadLetter(m);
  } catch (err) {
    sink.problem(`nats dead letter ${m.subject}`, err);
    m.nak(RETRY_DELAY_MS);
    return;
  }
  if (dl === null) {
    m.ack();
    return;
  }
  const keepAlive = setInterval(() => m.working(), WORKING_EVERY_MS);
  try {
    const outcome = await storedOrAborted(sink.deadLetter(dl), signal);
    if (outcome === "stored") m.ack();
    // Stopping with the dead letter unconfirmed: hand it back at once for the next start.
    else if (outcome === "aborted") m.nak();
    else {
      sink.log.warn(
        { dedupeKey: dl.dedupeKey, err: String(outcome.failed) },
        "dead letter not stored; left on NATS",
      );
      m.nak(RETRY_DELAY_MS);
    }
  } finally {
    clearInterval(keepAlive);
  }
}

/** Runs until the signal aborts. Pull errors (a reconnect, a deleted consumer) are reported and retried. */
export async function drainDurable(
  consumer: Consumer,
  toDeadLetter: ToDeadLetter,
  sink: AdapterSink,
  signal: AbortSignal,
  context: string,
): Promise<void> {
  while (!signal.aborted) {
    let batch: ConsumerMessages | undefined;
    const onAbort = () => void batch?.close();
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      batch = await consumer.fetch({ max_messages: 1, expires: FETCH_EXPIRES_MS });
      // close() only queues the stop for the iterator: awaiting it before iterating never returns.
      if (signal.aborted) void batch.close();
      for await (const m of batch) {
        if (signal.aborted) m.nak();
        else await processOne(m, toDeadLetter, sink, signal);
      }
    } catch (err) {
      if (signal.aborted) return;
      sink.problem(context, err);
      await sleep(RETRY_DELAY_MS, signal);
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
  }
}
