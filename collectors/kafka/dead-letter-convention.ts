// How a Kafka dead letter is recognised without being configured: by the names Spring Kafka and
// common practice give dead-letter topics, and by the headers Kafka Connect and Spring put on them.
import { REPROCESS_ID_HEADER, type RawHeaders } from "@/collectors/core/adapter";

/** Kafka Connect's DLQ context headers (errors.deadletterqueue.context.headers.enable=true). */
export const CONNECT_HEADER_PREFIX = "__connect.errors.";
/** Spring Kafka's DeadLetterPublishingRecoverer headers (KafkaHeaders.DLT_*). */
export const SPRING_HEADER_PREFIX = "kafka_dlt-";

// `orders-dlt` (Spring retry topics), `orders.DLT` (Spring's DeadLetterPublishingRecoverer),
// `orders-dlq`, `orders.dlq`, `orders_dlq`: the base is the topic the records came from.
const SUFFIX = /^(.+?)[-._](dlt|dlq)$/i;
// `dlq-orders`, `dlq.sink-connector`: a Connect DLQ is often named after its connector, not a
// topic, so a prefix names no original topic.
const PREFIX = /^(dlq|dlt)[-._].+$/i;

/** Whether a topic's name says it holds dead letters. */
export function isDeadLetterTopicName(topic: string): boolean {
  return SUFFIX.test(topic) || PREFIX.test(topic);
}

/** The topic a suffix-named dead-letter topic belongs to (`orders.DLT` → `orders`), if the name says. */
export function deadLetterTopicBase(topic: string): string | undefined {
  return SUFFIX.exec(topic)?.[1];
}

export type DeadLetterSource = "spring" | "connect";

/** Which framework's dead-letter headers a record carries, if any (Spring's win when both do). */
export function deadLetterSource(headers: RawHeaders): DeadLetterSource | undefined {
  let connect = false;
  for (const name of Object.keys(headers)) {
    if (name.startsWith(SPRING_HEADER_PREFIX)) return "spring";
    if (name.startsWith(CONNECT_HEADER_PREFIX)) connect = true;
  }
  return connect ? "connect" : undefined;
}

/**
 * Whether a record on an ordinary (not dead-letter) topic is a dead letter by its headers. A record
 * Eventscope republished carries the failed copy's dead-letter headers *and* a reprocess id: it is
 * a retry on its way back, not a new failure.
 */
export function isDeadLetterByHeaders(headers: RawHeaders): boolean {
  return headers[REPROCESS_ID_HEADER] === undefined && deadLetterSource(headers) !== undefined;
}

/** Headers that describe an earlier failure: dropped when a dead letter is republished. */
export function isDeadLetterContextHeader(name: string): boolean {
  return name.startsWith(SPRING_HEADER_PREFIX) || name.startsWith(CONNECT_HEADER_PREFIX);
}
