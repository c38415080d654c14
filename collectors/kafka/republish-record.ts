// A reprocess request → the Kafka record to produce: topic, key, value and headers as Buffers.
import { REPROCESS_ID_HEADER, type RepublishRequest } from "@/collectors/core/adapter";
import { isDeadLetterContextHeader } from "@/collectors/kafka/dead-letter-convention";
import { OWN_HEADER_PREFIX } from "@/collectors/kafka/record-mapping";

export type RecordToProduce = {
  topic: string;
  key?: Buffer;
  value: Buffer;
  headers: Map<Buffer, Buffer>;
};

/**
 * The record a reprocess produces. destination.subject is the record key (Kafka routes by topic;
 * the key picks the partition, so the record lands beside its siblings again). Dropped headers:
 * Eventscope's own `kafka.*` ones (the key and tombstone flag it added when observing) and the
 * Connect/Spring dead-letter headers, which describe the earlier failure, not this record. Null
 * values are dropped too: the request's headers are already normalised, so a null no longer means
 * a Kafka null header for certain. `x-eventscope-reprocess-id` lets consumers drop a copy
 * republished twice across a crash.
 */
export function toRecordToProduce(req: RepublishRequest): RecordToProduce {
  const headers = new Map<Buffer, Buffer>();
  let hasContentType = false;
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === null || name === REPROCESS_ID_HEADER) continue;
    if (name.startsWith(OWN_HEADER_PREFIX) || isDeadLetterContextHeader(name)) continue;
    if (name.toLowerCase() === "content-type" || name === "contentType") hasContentType = true;
    headers.set(Buffer.from(name, "utf8"), Buffer.from(String(value), "utf8"));
  }
  if (req.contentType && !hasContentType)
    headers.set(Buffer.from("content-type"), Buffer.from(req.contentType, "utf8"));
  headers.set(Buffer.from(REPROCESS_ID_HEADER), Buffer.from(req.reprocessId, "utf8"));
  return {
    topic: req.destination.channel,
    ...(req.destination.subject !== undefined ? { key: Buffer.from(req.destination.subject, "utf8") } : {}),
    value: req.body,
    headers,
  };
}
