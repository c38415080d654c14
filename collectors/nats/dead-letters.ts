// Dead letters on JetStream. There is no DLQ: a consumer that gives up on a message (max_deliver
// reached, or term()) only emits a core-NATS advisory, lost while nobody listens. So Eventscope
// keeps a small stream of its own capturing those advisories for the observed streams, and reads
// it with a durable consumer of its own; each advisory becomes a dead letter with the original
// message read back by sequence. Configured DLQ streams are drained the same way.
import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  StorageType,
  type JetStreamClient,
  type JetStreamManager,
} from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import type { AdapterSink } from "@/collectors/core/adapter";
import { ACK_WAIT_MS, drainDurable, type ToDeadLetter } from "@/collectors/nats/ack-loop";
import { errorText } from "@/collectors/nats/connection";
import {
  advisoryDeadLetter,
  advisoryStreamName,
  advisorySubjects,
  dlqStreamDeadLetter,
  ownDurableName,
  parseAdvisory,
  OWN_PREFIX,
  type StreamMessage,
} from "@/collectors/nats/mapping";

/** Advisories are small (~300 bytes): 64 MiB holds about 200 000 of them, a week at most. */
const ADVISORY_MAX_BYTES = 64 * 1024 * 1024;
const ADVISORY_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

function isApiError(err: unknown, code: number): boolean {
  return err instanceof JetStreamApiError && err.code === code;
}

/** Creates Eventscope's advisory stream, or updates its subjects when the observed streams changed. */
export async function ensureAdvisoryStream(jsm: JetStreamManager, brokerName: string, streams: string[]) {
  const name = advisoryStreamName(brokerName);
  const subjects = advisorySubjects(streams);
  try {
    try {
      const info = await jsm.streams.info(name);
      const current = new Set(info.config.subjects);
      if (current.size !== subjects.length || subjects.some((s) => !current.has(s)))
        await jsm.streams.update(name, { ...info.config, subjects });
    } catch (err) {
      if (!isApiError(err, JetStreamApiCodes.StreamNotFound)) throw err;
      await jsm.streams.add({
        name,
        description: `Eventscope collector "${brokerName}": dead-letter advisories of the streams it observes`,
        subjects,
        storage: StorageType.File,
        discard: DiscardPolicy.Old,
        max_age: nanos(ADVISORY_MAX_AGE_MS),
        max_bytes: ADVISORY_MAX_BYTES,
        num_replicas: 1,
      });
    }
  } catch (err) {
    // JetStream refuses two streams capturing the same subjects: typically a second collector
    // with another name observing the same streams.
    throw new Error(
      `cannot capture dead-letter advisories in stream ${name} (does another stream, perhaps another Eventscope collector's, capture them?): ${errorText(err)}`,
    );
  }
  return name;
}

/** Eventscope's own durable on `stream`: explicit acks, never gives up (max_deliver -1). */
async function ensureOwnDurable(jsm: JetStreamManager, js: JetStreamClient, stream: string, durable: string) {
  try {
    await jsm.consumers.info(stream, durable);
  } catch (err) {
    if (isApiError(err, JetStreamApiCodes.StreamNotFound))
      throw new Error(`JetStream stream ${stream} not found`, { cause: err });
    if (!isApiError(err, JetStreamApiCodes.ConsumerNotFound)) throw err;
    await jsm.consumers.add(stream, {
      durable_name: durable,
      description: "Eventscope collector: dead letters, acked once stored by Eventscope",
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(ACK_WAIT_MS),
      max_deliver: -1,
      max_ack_pending: 100,
    });
  }
  return js.consumers.get(stream, durable);
}

/** The original message by stream sequence; null when it is gone (limits, deletion, stream removed). */
async function readOriginal(
  jsm: JetStreamManager,
  stream: string,
  seq: number,
): Promise<StreamMessage | null> {
  try {
    const m = await jsm.streams.getMessage(stream, { seq });
    return m && { seq: m.seq, subject: m.subject, headers: m.header, data: m.data, time: m.time };
  } catch (err) {
    if (
      isApiError(err, JetStreamApiCodes.StreamNotFound) ||
      isApiError(err, JetStreamApiCodes.NoMessageFound)
    )
      return null;
    throw err;
  }
}

function advisoryToDeadLetter(jsm: JetStreamManager, sink: AdapterSink): ToDeadLetter {
  return async (m) => {
    const a = parseAdvisory(m.data);
    if (typeof a === "string") {
      sink.problem("nats advisory", new Error(`${m.subject}: ${a}`));
      return null;
    }
    if (a.consumer.startsWith(OWN_PREFIX)) return null;
    return advisoryDeadLetter(a, await readOriginal(jsm, a.stream, a.streamSeq), new Date());
  };
}

export type DeadLetterTaps = { loops: Promise<void>[] };

/** Sets up the advisory stream and DLQ-stream durables, then drains them until the signal aborts. */
export async function startDeadLetters(
  js: JetStreamClient,
  jsm: JetStreamManager,
  opts: { brokerName: string; streams: string[]; advisories: boolean; dlqStreams: string[] },
  sink: AdapterSink,
  signal: AbortSignal,
): Promise<DeadLetterTaps> {
  const durable = ownDurableName(opts.brokerName);
  const taps: { stream: string; toDeadLetter: ToDeadLetter }[] = [];
  if (opts.advisories) {
    const stream = await ensureAdvisoryStream(jsm, opts.brokerName, opts.streams);
    taps.push({ stream, toDeadLetter: advisoryToDeadLetter(jsm, sink) });
  }
  for (const dlq of opts.dlqStreams)
    taps.push({ stream: dlq, toDeadLetter: (m) => Promise.resolve(dlqStreamDeadLetter(dlq, m, new Date())) });
  const loops: Promise<void>[] = [];
  for (const tap of taps) {
    let consumer;
    try {
      consumer = await ensureOwnDurable(jsm, js, tap.stream, durable);
    } catch (err) {
      throw new Error(`cannot read dead letters from stream ${tap.stream}: ${errorText(err)}`);
    }
    loops.push(drainDurable(consumer, tap.toDeadLetter, sink, signal, `nats dead letters ${tap.stream}`));
  }
  return { loops };
}
