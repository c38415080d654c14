// A record from a dead-letter topic → ObservedDeadLetter, reading what Kafka Connect or Spring Kafka
// wrote about the failure into its headers.
import type { ObservedDeadLetter, ObservedMessage, RawHeaders } from "@/collectors/core/adapter";
import {
  CONNECT_HEADER_PREFIX as C,
  SPRING_HEADER_PREFIX as S,
  deadLetterSource,
  deadLetterTopicBase,
} from "@/collectors/kafka/dead-letter-convention";
import {
  headerBinaryInt,
  headerDecimalInt,
  headerText,
  utf8OrUndefined,
} from "@/collectors/kafka/record-headers";
import { recordId, recordTime, type ConsumedRecord } from "@/collectors/kafka/record-mapping";

// The ingest contract stores at most 16 384 characters of error text.
const MAX_ERROR = 16_000;
/** Spring's non-blocking retries count attempts here (4-byte int; 1-byte BigInteger before 2.9). */
export const SPRING_ATTEMPTS_HEADER = "retry_topic-attempts";

const INT = [4];
const LONG = [8];

/** What the headers say about the failure, whichever framework wrote them. */
export type FailureContext = {
  originalTopic?: string;
  originalPartition?: number;
  originalOffset?: bigint;
  /** When the original record was produced (Spring keeps it; Connect does not say). */
  originalTimestamp?: Date;
  error?: string;
  attempts?: number;
};

/**
 * Kafka Connect writes every context header as UTF-8 text, numbers in decimal
 * (DeadLetterQueueReporter.populateContextHeaders).
 */
export function connectContext(h: RawHeaders): FailureContext {
  const exception = joinError(
    headerText(h, `${C}exception.class.name`),
    headerText(h, `${C}exception.message`),
  );
  const origin = {
    originalTopic: nonEmpty(headerText(h, `${C}topic`)),
    originalPartition: toNumber(headerDecimalInt(h, `${C}partition`)),
    originalOffset: headerDecimalInt(h, `${C}offset`),
  };
  const where = [
    labelled("stage", headerText(h, `${C}stage`)),
    labelled("class", headerText(h, `${C}class.name`)),
    labelled("connector", headerText(h, `${C}connector.name`)),
    labelled("task", headerText(h, `${C}task.id`)),
    labelled("from", position(origin)),
  ];
  return {
    ...origin,
    error: errorText(exception, context(where), headerText(h, `${C}exception.stacktrace`)),
  };
}

/**
 * Spring writes the original topic and the exception as UTF-8 text, but the original partition as a
 * 4-byte int and the offset and timestamp as 8-byte longs (big-endian, DeadLetterPublishingRecoverer).
 * A key-deserialization failure uses the `kafka_dlt-key-exception-*` headers instead.
 */
export function springContext(h: RawHeaders): FailureContext {
  const fqcn = headerText(h, `${S}exception-fqcn`) ?? headerText(h, `${S}key-exception-fqcn`);
  const message = headerText(h, `${S}exception-message`) ?? headerText(h, `${S}key-exception-message`);
  const cause = headerText(h, `${S}exception-cause-fqcn`);
  const group = headerText(h, `${S}original-consumer-group`);
  const origin = {
    originalTopic: nonEmpty(headerText(h, `${S}original-topic`)),
    originalPartition: toNumber(headerBinaryInt(h, `${S}original-partition`, INT)),
    originalOffset: headerBinaryInt(h, `${S}original-offset`, LONG),
  };
  const where = [
    labelled("caused by", cause),
    labelled("consumer group", group),
    labelled("from", position(origin)),
  ];
  const timestamp = headerBinaryInt(h, `${S}original-timestamp`, LONG);
  const attempts = toNumber(headerBinaryInt(h, SPRING_ATTEMPTS_HEADER, [1, 2, 3, 4]));
  return {
    ...origin,
    originalTimestamp: timestamp === undefined ? undefined : recordTime(timestamp),
    error: errorText(
      joinError(fqcn, message),
      context(where),
      headerText(h, `${S}exception-stacktrace`) ?? headerText(h, `${S}key-exception-stacktrace`),
    ),
    attempts: attempts !== undefined && attempts >= 1 ? attempts : undefined,
  };
}

/**
 * Maps a dead-letter record. `message` is the record already mapped by toObservedMessage (its
 * channel is the dead-letter topic). Without framework headers, a suffix-named topic still tells
 * where the records came from (`orders.DLT` → `orders`).
 *
 * - reason: always "error" (Kafka has no broker-side dead-lettering; an application put it there).
 * - originalSubject: the record key when it is UTF-8, because a republish uses the subject as the
 *   key, keeping the record on the same partition as its siblings. A binary key cannot be carried.
 * - failedAt: Spring publishes to the DLT at the failure, so the record's timestamp is the failure
 *   time; Kafka Connect copies the original record's timestamp, so for Connect (and unknown
 *   producers whose timestamp is missing) it is the time Eventscope read it.
 */
export function toDeadLetter(record: ConsumedRecord, message: ObservedMessage): ObservedDeadLetter {
  const source = deadLetterSource(message.headers);
  const context =
    source === "spring"
      ? springContext(message.headers)
      : source === "connect"
        ? connectContext(message.headers)
        : {};
  const recordTimestamp = recordTime(record.timestamp);
  const failedAt = source === "connect" ? message.observedAt : (recordTimestamp ?? message.observedAt);
  const key = record.key === null || record.key === undefined ? undefined : utf8OrUndefined(record.key);
  return {
    message: context.originalTimestamp ? { ...message, publishedAt: context.originalTimestamp } : message,
    originalChannel: context.originalTopic ?? deadLetterTopicBase(record.topic),
    ...(key !== undefined ? { originalSubject: key } : {}),
    reason: "error",
    ...(context.error !== undefined ? { error: context.error } : {}),
    attempts: context.attempts ?? 1,
    failedAt,
    dedupeKey: recordId(record),
  };
}

function joinError(className: string | undefined, message: string | undefined): string | undefined {
  const c = nonEmpty(className);
  const m = nonEmpty(message);
  return c && m ? `${c}: ${m}` : (c ?? m);
}

function errorText(...parts: (string | undefined)[]): string | undefined {
  const text = parts.filter((p) => p !== undefined && p.trim() !== "").join("\n");
  if (text === "") return undefined;
  return text.length > MAX_ERROR ? `${text.slice(0, MAX_ERROR - 1)}…` : text;
}

/** `orders/2/1234`, or as much of it as is known. */
function position(
  o: Pick<FailureContext, "originalTopic" | "originalPartition" | "originalOffset">,
): string | undefined {
  if (o.originalTopic === undefined) return undefined;
  if (o.originalPartition === undefined) return o.originalTopic;
  const offset = o.originalOffset === undefined ? "" : `/${o.originalOffset}`;
  return `${o.originalTopic}/${o.originalPartition}${offset}`;
}

function context(parts: (string | undefined)[]): string | undefined {
  const present = parts.filter((p) => p !== undefined);
  return present.length ? `(${present.join(", ")})` : undefined;
}

function labelled(label: string, value: string | undefined): string | undefined {
  const v = nonEmpty(value);
  return v === undefined ? undefined : `${label} ${v}`;
}

function nonEmpty(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

function toNumber(n: bigint | undefined): number | undefined {
  return n !== undefined && n >= 0n && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : undefined;
}
