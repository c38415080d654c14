// Reads a set of topics with one of Eventscope's own consumer groups, hands each record to the
// sink (as an event or a dead letter) and commits only offsets whose records the sink confirmed.
import {
  Consumer,
  MessagesStreamFallbackModes,
  MessagesStreamModes,
  type BaseOptions,
  type Message,
  type MessagesStream,
} from "@platformatic/kafka";
import type { AdapterSink } from "@/collectors/core/adapter";
import { describeKafkaError } from "@/collectors/kafka/client-options";
import { isDeadLetterByHeaders } from "@/collectors/kafka/dead-letter-convention";
import { toDeadLetter } from "@/collectors/kafka/dead-letter-mapping";
import { OffsetTracker } from "@/collectors/kafka/offset-tracker";
import { decodeHeaders } from "@/collectors/kafka/record-headers";
import { recordId, toObservedMessage } from "@/collectors/kafka/record-mapping";

type KafkaMessage = Message<Buffer, Buffer, Buffer, Buffer>;

export type TopicObserverOptions = {
  /** events: records → sink.message; dead-letters: records → sink.deadLetter. */
  role: "events" | "dead-letters";
  groupId: string;
  topics: string[];
  connection: BaseOptions;
  sink: AdapterSink;
  /** On event topics, records carrying Connect/Spring dead-letter headers are dead letters too. */
  headerConvention: boolean;
  /** The stream or the group failed after the client's own retries. */
  onLost: (reason: string) => void;
};

const COMMIT_INTERVAL_MS = 1000;
// Records handed to the sink and not yet confirmed. Dead letters resolve only once the server stored
// them (a batch round trip) and events once the outbox wrote them: awaiting each in turn would drain
// a backlog at one round trip / one disk write per record. Bounded, so a full outbox or a slow
// server still stops reading (the backpressure).
const MAX_IN_FLIGHT = 256;
// The readable buffer (records): once full, the client stops fetching until the loop catches up.
const HIGH_WATER_MARK = 256;
const STOP_GRACE_MS = 5000;

export class TopicObserver {
  private consumer: Consumer | undefined;
  private stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | undefined;
  private loop: Promise<void> | undefined;
  private commitTimer: NodeJS.Timeout | undefined;
  private committing: Promise<void> | undefined;
  private readonly tracker = new OffsetTracker();
  private inFlight = 0;
  private readonly slotWaiters: (() => void)[] = [];
  private stopping = false;
  private readonly stopped: Promise<false>;
  private signalStop: () => void = () => {};

  constructor(private readonly o: TopicObserverOptions) {
    this.stopped = new Promise((resolve) => (this.signalStop = () => resolve(false)));
  }

  get topics(): readonly string[] {
    return this.o.topics;
  }

  /** Joins the group and starts reading; rejects when the group cannot be joined. */
  async start(): Promise<void> {
    const consumer = new Consumer({ ...this.o.connection, groupId: this.o.groupId, autocommit: false });
    this.consumer = consumer;
    // An EventEmitter 'error' without a listener would crash the process; the client emits one when
    // rejoining the group failed for good.
    consumer.on("error", (err: Error) => this.lost(err));
    let stream: MessagesStream<Buffer, Buffer, Buffer, Buffer>;
    try {
      stream = await this.consume(consumer);
    } catch (err) {
      this.stopping = true;
      await this.closeQuietly(consumer); // the join failed; the start error says why
      throw err;
    }
    this.stream = stream;
    this.loop = this.run(stream);
    this.commitTimer = setInterval(() => void this.commit(), COMMIT_INTERVAL_MS);
  }

  private async closeQuietly(consumer: Consumer): Promise<void> {
    try {
      await consumer.close(true);
    } catch (err) {
      this.o.sink.log.warn({ err: describeKafkaError(err) }, "kafka: closing a consumer that failed to join");
    }
  }

  private consume(consumer: Consumer): Promise<MessagesStream<Buffer, Buffer, Buffer, Buffer>> {
    return consumer.consume({
      topics: this.o.topics,
      autocommit: false,
      highWaterMark: HIGH_WATER_MARK,
      mode: MessagesStreamModes.COMMITTED,
      // A new group: observe events from now on (not the topic's whole history), but take in every
      // dead letter already waiting — that is what a dead-letter topic is for.
      fallbackMode:
        this.o.role === "events" ? MessagesStreamFallbackModes.LATEST : MessagesStreamFallbackModes.EARLIEST,
    });
  }

  /** Stops reading, commits what the sink confirmed, and leaves the group. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.signalStop();
    clearInterval(this.commitTimer);
    // destroy, not close(): close() re-arms a paused stream by removing its 'readable' listeners,
    // which would strand the async iterator below.
    this.stream?.destroy();
    await this.loop;
    await this.inFlightSettled();
    await this.committing;
    await this.commit();
    await this.consumer?.close(true);
  }

  private async run(stream: AsyncIterable<KafkaMessage>): Promise<void> {
    try {
      for await (const record of stream) {
        if (this.stopping) break;
        await this.handle(record);
      }
      if (!this.stopping) this.lost(new Error("the consumer stream ended"));
    } catch (err) {
      if (!this.stopping) this.lost(err);
    }
  }

  private async handle(record: KafkaMessage): Promise<void> {
    const { topic, partition, offset } = record;
    // A record before this one on its partition was refused: it stays uncommitted, and so must
    // everything after it; a restart reads them all again.
    if (this.tracker.blocked(topic, partition)) return;
    const headers = decodeHeaders(record.headers);
    const message = toObservedMessage(record, headers, new Date());
    this.tracker.begin(topic, partition, offset);
    if (this.o.role === "dead-letters" || (this.o.headerConvention && isDeadLetterByHeaders(headers))) {
      if (!(await this.slot())) return;
      this.inFlight++;
      this.o.sink
        .deadLetter(toDeadLetter(record, message))
        .then(
          () => this.tracker.settle(topic, partition, offset, true),
          (err: unknown) => {
            this.tracker.settle(topic, partition, offset, false);
            if (!this.stopping)
              this.o.sink.problem(`dead letter ${recordId(record)} was not stored; left on Kafka`, err);
          },
        )
        .finally(() => this.releaseSlot());
      return;
    }
    if (!(await this.slot())) return;
    this.inFlight++;
    this.o.sink
      .message(message)
      .then(
        () => this.tracker.settle(topic, partition, offset, true),
        (err: unknown) => {
          // Refused while stopping (a full outbox): left pending, so it is not committed.
          if (this.stopping) return;
          this.o.sink.problem(`message ${recordId(record)} was not queued`, err);
          this.tracker.settle(topic, partition, offset, false);
        },
      )
      .finally(() => this.releaseSlot());
  }

  /** Waits for room for one more record in flight; false when stopped meanwhile. */
  private async slot(): Promise<boolean> {
    while (this.inFlight >= MAX_IN_FLIGHT && !this.stopping)
      await Promise.race([new Promise<void>((resolve) => this.slotWaiters.push(resolve)), this.stopped]);
    return !this.stopping;
  }

  private releaseSlot(): void {
    this.inFlight--;
    this.slotWaiters.shift()?.();
  }

  /** Waits (a bounded while) for records in flight to be confirmed, so they can be committed. */
  private async inFlightSettled(): Promise<void> {
    const deadline = Date.now() + STOP_GRACE_MS;
    while (this.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  private commit(): Promise<void> {
    if (this.committing) return this.committing;
    const positions = this.tracker.toCommit();
    const consumer = this.consumer;
    if (positions.length === 0 || !consumer) return Promise.resolve();
    this.committing = consumer
      // leaderEpoch -1: "unknown", which the broker accepts; the stream does not expose the epoch.
      .commit({ offsets: positions.map((p) => ({ ...p, leaderEpoch: -1 })) })
      .then(
        () => this.tracker.committed(positions),
        (err: unknown) => this.o.sink.problem(`committing offsets of consumer group ${this.o.groupId}`, err),
      )
      .finally(() => (this.committing = undefined));
    return this.committing;
  }

  private lost(err: unknown): void {
    if (this.stopping) return;
    this.o.onLost(`${this.o.role} consumer (group ${this.o.groupId}): ${describeKafkaError(err)}`);
  }
}
