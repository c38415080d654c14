// Observes one stream with an ordered consumer: ephemeral, no acks, invisible to the
// applications' durable consumers. It resumes from the sink's checkpoint (the last stream
// sequence handed to sink.message), with up to IN_FLIGHT messages handed over and not yet confirmed.
import { nuid } from "@nats-io/transport-node";
import type { ConsumerMessages, JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import type { AdapterSink } from "@/collectors/core/adapter";
import { errorText } from "@/collectors/nats/connection";
import {
  checkpointKey,
  safeName,
  subjectMatches,
  toObservedMessage,
  OWN_PREFIX,
} from "@/collectors/nats/mapping";

const STOP_GRACE_MS = 5000;
const IN_FLIGHT = 256;

export type StreamToObserve = { name: string; subjects?: string[] };

export type Observer = { stop(): Promise<void> };

/**
 * Where to start: after the checkpoint; without one, after the stream's current last message
 * (history is not replayed into Eventscope), and that position becomes the checkpoint so a
 * restart before the first message does not skip what arrived meanwhile.
 */
async function startSequence(jsm: JetStreamManager, stream: string, sink: AdapterSink): Promise<number> {
  const key = checkpointKey(stream);
  let state;
  try {
    state = (await jsm.streams.info(stream)).state;
  } catch (err) {
    throw new Error(`cannot observe JetStream stream ${stream}: ${errorText(err)}`);
  }
  const saved = sink.checkpoints.get(key);
  const last = saved !== undefined && /^\d+$/.test(saved) ? Number(saved) : undefined;
  if (last === undefined) {
    sink.checkpoints.set(key, String(state.last_seq));
    return state.last_seq + 1;
  }
  if (last > state.last_seq) {
    // The stream was deleted and recreated (sequences restart): waiting for `last + 1` would
    // observe nothing for a long time. Start over from the stream's first message.
    sink.problem(
      `nats stream ${stream}`,
      new Error(
        `checkpoint ${last} is past the stream's last sequence ${state.last_seq}: the stream was recreated`,
      ),
    );
    return Math.max(1, state.first_seq);
  }
  return last + 1;
}

export async function observeStream(
  js: JetStreamClient,
  jsm: JetStreamManager,
  stream: StreamToObserve,
  sink: AdapterSink,
  brokerName: string,
  /** The observation ended by itself (stream deleted, connection closed): the adapter must restart. */
  onEnd: (reason: string) => void,
): Promise<Observer> {
  const key = checkpointKey(stream.name);
  const opt_start_seq = await startSequence(jsm, stream.name, sink);
  const name_prefix = `${OWN_PREFIX}_${safeName(brokerName)}_${nuid.next()}`;
  const subjects = stream.subjects;
  let localFilter: ((subject: string) => boolean) | undefined;
  let consumer;
  try {
    consumer = await js.consumers.get(stream.name, {
      name_prefix,
      opt_start_seq,
      ...(subjects ? { filter_subjects: subjects.length === 1 ? subjects[0] : subjects } : {}),
    });
  } catch (err) {
    // Several filter subjects need a 2.10 server; before that, take the stream and filter here.
    if (!subjects || subjects.length < 2 || !/filter_subjects/.test(errorText(err))) throw err;
    sink.log.info({ stream: stream.name }, "NATS server before 2.10: filtering subjects in the collector");
    localFilter = (s) => subjects.some((f) => subjectMatches(f, s));
    consumer = await js.consumers.get(stream.name, { name_prefix, opt_start_seq });
  }
  // max_messages bounds what the client buffers ahead of sink.message (256 × max_payload at worst).
  const messages: ConsumerMessages = await consumer.consume({ max_messages: IN_FLIGHT });
  let stopping = false;
  // Messages are handed over without waiting for each (the outbox writes what arrives together in
  // one go; waiting per message would cost a disk write each); the checkpoint follows the longest
  // handed-over prefix, and a full window waits — the backpressure.
  const window: { seq: number; done: boolean }[] = [];
  let failure: unknown;
  const settle = () => {
    let last: number | undefined;
    while (window[0]?.done) last = window.shift()!.seq;
    if (last !== undefined) sink.checkpoints.set(key, String(last));
  };
  const done = (async () => {
    for await (const m of messages) {
      if (failure !== undefined) throw failure;
      const entry = { seq: m.seq, done: false };
      window.push(entry);
      const handed =
        !localFilter || localFilter(m.subject)
          ? sink.message(toObservedMessage(stream.name, stream.name, m, new Date()))
          : Promise.resolve();
      const settled = handed.then(
        () => {
          entry.done = true;
          settle();
        },
        (err: unknown) => void (failure ??= err),
      );
      if (window.length >= IN_FLIGHT) await settled;
    }
    if (!stopping) onEnd(`observation of stream ${stream.name} ended`);
  })().catch((err: unknown) => {
    // sink.message rejects while the runtime stops; anything else ends the observation.
    if (!stopping) onEnd(`observation of stream ${stream.name} failed: ${errorText(err)}`);
  });
  return {
    async stop() {
      stopping = true;
      // close() settles only once the loop takes its turn (it queues the stop behind the messages),
      // and a sink.message still waiting on a full outbox must not hold stop() forever.
      void messages.close();
      await Promise.race([done, new Promise((r) => setTimeout(r, STOP_GRACE_MS).unref())]);
    },
  };
}
