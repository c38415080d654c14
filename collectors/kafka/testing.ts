// Helpers for the Kafka adapter's integration tests and the lead's benchmark: unique names, topics
// created and deleted, bursts of records produced, an "application" consumer group, and reads of
// committed offsets.
import { randomBytes } from "node:crypto";
import {
  Admin,
  Consumer,
  MessagesStreamFallbackModes,
  MessagesStreamModes,
  ProduceAcks,
  Producer,
  type Message,
} from "@platformatic/kafka";
import { parseBroker } from "@/collectors/kafka/config";

type Brokers = readonly string[];
export type KafkaMessage = Message<Buffer, Buffer, Buffer, Buffer>;

/** KAFKA_BROKERS ("host:port,host:port") as a list. */
export function brokerList(value: string): string[] {
  return value
    .split(",")
    .map((b) => b.trim())
    .filter(Boolean);
}

/** A topic or group name no parallel test file or earlier run uses. */
export function uniqueName(prefix: string): string {
  return `es-test-${prefix}-${randomBytes(5).toString("hex")}`;
}

function base(brokers: Brokers, role: string) {
  return {
    clientId: `eventscope-test-${role}`,
    bootstrapBrokers: brokers.map(parseBroker),
    retries: 2,
    retryDelay: 500,
  };
}

export async function withAdmin<T>(brokers: Brokers, fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = new Admin(base(brokers, "admin"));
  try {
    return await fn(admin);
  } finally {
    await admin.close();
  }
}

export function createTopics(brokers: Brokers, topics: string[], partitions = 1): Promise<unknown> {
  return withAdmin(brokers, (a) => a.createTopics({ topics, partitions, replicas: 1 }));
}

export function deleteTopics(brokers: Brokers, topics: string[]): Promise<void> {
  return withAdmin(brokers, (a) => a.deleteTopics({ topics }));
}

/** A consumer group's committed offset per partition of one topic (-1n: none). */
export async function committedOffsets(
  brokers: Brokers,
  groupId: string,
  topic: string,
): Promise<Map<number, bigint>> {
  const groups = await withAdmin(brokers, (a) => a.listConsumerGroupOffsets({ groups: [groupId] }));
  const out = new Map<number, bigint>();
  for (const g of groups)
    for (const t of g.topics)
      if (t.name === topic) for (const p of t.partitions) out.set(p.partitionIndex, p.committedOffset);
  return out;
}

export type BurstOptions = {
  brokers: Brokers;
  topic: string;
  count: number;
  /** null: a tombstone. */
  value: (i: number) => Buffer | null;
  key?: (i: number) => Buffer | undefined;
  headers?: (i: number) => Map<Buffer, Buffer>;
  /** Records per produce request (default 500). */
  chunk?: number;
};

/** Produces `count` records (acks all), in chunks; resolves once every one was acknowledged. */
export async function publishBurst(opts: BurstOptions): Promise<void> {
  const producer = new Producer(base(opts.brokers, "burst"));
  try {
    const chunk = opts.chunk ?? 500;
    for (let start = 0; start < opts.count; start += chunk) {
      const messages = [];
      for (let i = start; i < Math.min(opts.count, start + chunk); i++)
        messages.push({
          topic: opts.topic,
          key: opts.key?.(i),
          // The client's types say Buffer, but its record writer writes null as Kafka's null value.
          value: opts.value(i) as Buffer,
          headers: opts.headers?.(i) ?? new Map<Buffer, Buffer>(),
        });
      await producer.send({ messages, acks: ProduceAcks.ALL });
    }
  } finally {
    await producer.close();
  }
}

export type AppConsumer = { received: KafkaMessage[]; stop: () => Promise<void> };

/** An application's consumer group: reads from its committed offsets (earliest when new) and commits as it goes. */
export async function startAppConsumer(
  brokers: Brokers,
  groupId: string,
  topics: string[],
): Promise<AppConsumer> {
  const consumer = new Consumer({ ...base(brokers, "app"), groupId, autocommit: true });
  const stream = await consumer.consume({
    topics,
    autocommit: true,
    mode: MessagesStreamModes.COMMITTED,
    fallbackMode: MessagesStreamFallbackModes.EARLIEST,
  });
  const received: KafkaMessage[] = [];
  stream.on("data", (m) => received.push(m));
  return {
    received,
    // close() commits what was read, then the consumer leaves the group.
    stop: async () => {
      await stream.close();
      await consumer.close(true);
    },
  };
}

/** Reads a topic from the start with a throwaway group until `count` records arrived or `timeoutMs` passed. */
export async function readTopic(
  brokers: Brokers,
  topic: string,
  count: number,
  timeoutMs = 15_000,
): Promise<KafkaMessage[]> {
  const consumer = new Consumer({
    ...base(brokers, "reader"),
    groupId: uniqueName("reader"),
    autocommit: false,
  });
  const stream = await consumer.consume({
    topics: [topic],
    autocommit: false,
    mode: MessagesStreamModes.EARLIEST,
  });
  const received: KafkaMessage[] = [];
  try {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      stream.on("data", (m) => {
        received.push(m);
        if (received.length >= count) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    return received;
  } finally {
    await stream.close();
    await consumer.close(true);
  }
}

/** Spring Kafka's dead-letter headers for a record that failed on `originalTopic`. */
export function springDeadLetterHeaders(originalTopic: string, message: string): Map<Buffer, Buffer> {
  const partition = Buffer.alloc(4);
  const offset = Buffer.alloc(8);
  offset.writeBigInt64BE(17n);
  return new Map([
    [Buffer.from("kafka_dlt-original-topic"), Buffer.from(originalTopic)],
    [Buffer.from("kafka_dlt-original-partition"), partition],
    [Buffer.from("kafka_dlt-original-offset"), offset],
    [Buffer.from("kafka_dlt-exception-fqcn"), Buffer.from("java.lang.IllegalStateException")],
    [Buffer.from("kafka_dlt-exception-message"), Buffer.from(message)],
  ]);
}
