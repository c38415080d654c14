// One consumed Kafka record → the ObservedMessage the runtime's extraction rules see.
import type { ObservedMessage, RawHeaders } from "@/collectors/core/adapter";
import { headerText } from "@/collectors/kafka/record-headers";

/** The fields of a consumed record this adapter reads (the client's Message has them all). */
export type ConsumedRecord = {
  topic: string;
  partition: number;
  offset: bigint;
  /** Milliseconds since the epoch; Kafka uses -1 for "no timestamp" (pre-0.10 message formats). */
  timestamp: bigint;
  /** undefined for a null key (the client's no-op deserializer maps null to undefined). */
  key?: Buffer | null;
  /** undefined or null for a tombstone. */
  value?: Buffer | null;
};

/** Headers the adapter adds (the `kafka.` prefix is Eventscope's own, not the application's). */
export const KEY_HEADER = "kafka.key";
export const TOMBSTONE_HEADER = "kafka.tombstone";
export const OWN_HEADER_PREFIX = "kafka.";

/** The broker id of a record: unique and stable per topic, partition and offset. */
export function recordId(r: Pick<ConsumedRecord, "topic" | "partition" | "offset">): string {
  return `${r.topic}/${r.partition}/${r.offset}`;
}

/** The record's timestamp as a Date, or undefined when it has none. */
export function recordTime(timestamp: bigint): Date | undefined {
  // Beyond ±8.64e15 ms a Date is invalid; a corrupt timestamp must not become "Invalid Date".
  if (timestamp < 0n || timestamp > 8_640_000_000_000_000n) return undefined;
  return new Date(Number(timestamp));
}

/**
 * Maps a record. Channel and subject are both the topic (Kafka routes by topic alone); the key, when
 * there is one, travels as the `kafka.key` header (raw bytes). A tombstone (null value, a delete on a
 * compacted topic) becomes an empty body with `kafka.tombstone: true`, so it is not mistaken for an
 * empty payload.
 */
export function toObservedMessage(
  record: ConsumedRecord,
  headers: RawHeaders,
  observedAt: Date,
): ObservedMessage {
  const own: RawHeaders = {};
  if (record.key !== undefined && record.key !== null) own[KEY_HEADER] = record.key;
  const tombstone = record.value === undefined || record.value === null;
  if (tombstone) own[TOMBSTONE_HEADER] = true;
  const contentType = headerText(headers, "content-type") ?? headerText(headers, "contentType");
  return {
    channel: record.topic,
    subject: record.topic,
    brokerId: recordId(record),
    headers: { ...headers, ...own },
    body: tombstone ? Buffer.alloc(0) : (record.value as Buffer),
    ...(contentType ? { contentType } : {}),
    publishedAt: recordTime(record.timestamp),
    observedAt,
  };
}
