// Pure mapping between NATS JetStream shapes and the adapter contract: headers, broker ids,
// advisories → dead letters, republish headers, names of Eventscope's own JetStream objects.
import { headers as natsHeaders, type MsgHdrs } from "@nats-io/transport-node";
import { z } from "zod";
import {
  REPROCESS_ID_HEADER,
  type ObservedDeadLetter,
  type ObservedMessage,
  type RawHeaders,
  type RepublishRequest,
} from "@/collectors/core/adapter";

export const MSG_ID_HEADER = "Nats-Msg-Id";
const MAX_DELIVERIES = "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES";
const MSG_TERMINATED = "$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED";

/**
 * The channel Eventscope shows advisory dead letters of `stream` under. JetStream stream names
 * cannot contain ".", so `<stream>.dlq` can never collide with a real stream (a team's own
 * `ORDERS_DLQ` stream, drained through deadLetters.streams, keeps its own name).
 */
export function deadLetterChannel(stream: string): string {
  return `${stream}.dlq`;
}

/** Prefix of every JetStream object Eventscope creates, so lag gauges can leave them out. */
export const OWN_PREFIX = "EVENTSCOPE";

/** The broker's name reduced to what JetStream accepts in a stream or consumer name. */
export function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, "_");
}

export function advisoryStreamName(brokerName: string): string {
  return `${OWN_PREFIX}_ADVISORIES_${safeName(brokerName)}`;
}

/** Eventscope's own durable consumer (advisory stream, DLQ streams) for one collector. */
export function ownDurableName(brokerName: string): string {
  return `${OWN_PREFIX}_${safeName(brokerName)}`;
}

export function advisorySubjects(streams: string[]): string[] {
  return streams.flatMap((s) => [`${MAX_DELIVERIES}.${s}.*`, `${MSG_TERMINATED}.${s}.*`]);
}

export function checkpointKey(stream: string): string {
  return `nats:${stream}`;
}

/**
 * NATS headers are multi-valued; the contract wants one value per name. Several values are
 * joined with ", " (HTTP's rule for combining a repeated field), so nothing is dropped.
 */
export function toRawHeaders(h: MsgHdrs | undefined): RawHeaders {
  const out: RawHeaders = {};
  if (!h) return out;
  for (const [key, values] of h) out[key] = values.length === 1 ? values[0] : values.join(", ");
  return out;
}

/** Nats-Msg-Id when the producer set one (JetStream dedupes on it), else `<stream>:<seq>`. */
export function brokerIdOf(stream: string, seq: number, h: MsgHdrs | undefined): string {
  const id = h?.get(MSG_ID_HEADER);
  return id ? id : `${stream}:${seq}`;
}

function contentTypeOf(raw: RawHeaders): string | undefined {
  for (const key in raw) {
    const value = raw[key];
    if (key.toLowerCase() === "content-type" && typeof value === "string") return value;
  }
  return undefined;
}

/** What a stream message (from a consumer or a direct get) looks like to mapping. */
export type StreamMessage = {
  seq: number;
  subject: string;
  headers: MsgHdrs | undefined;
  data: Uint8Array;
  time: Date;
};

export function toObservedMessage(
  channel: string,
  stream: string,
  m: StreamMessage,
  now: Date,
): ObservedMessage {
  const headers = toRawHeaders(m.headers);
  return {
    channel,
    subject: m.subject,
    brokerId: brokerIdOf(stream, m.seq, m.headers),
    headers,
    // A copy: the client's buffer may be a view into a larger read chunk it keeps alive.
    body: Buffer.from(m.data),
    contentType: contentTypeOf(headers),
    publishedAt: m.time,
    observedAt: now,
  };
}

const advisorySchema = z.object({
  type: z.enum(["io.nats.jetstream.advisory.v1.max_deliver", "io.nats.jetstream.advisory.v1.terminated"]),
  timestamp: z.string().refine((s) => !Number.isNaN(Date.parse(s)), "must be a timestamp"),
  stream: z.string().min(1),
  consumer: z.string().min(1),
  stream_seq: z.number().int().min(1),
  deliveries: z.number().int().min(0),
  // Servers ≥ 2.11 pass on the text an application gave to term(reason).
  reason: z.string().optional(),
});

export type DeadLetterAdvisory = {
  kind: "max_deliveries" | "terminated";
  stream: string;
  consumer: string;
  streamSeq: number;
  deliveries: number;
  failedAt: Date;
  reason?: string;
};

/** A MAX_DELIVERIES / MSG_TERMINATED advisory, or a readable reason it is not one. */
export function parseAdvisory(data: Uint8Array): DeadLetterAdvisory | string {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(data).toString("utf8"));
  } catch {
    return "advisory is not JSON";
  }
  const parsed = advisorySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `not a dead-letter advisory: ${issue ? `${issue.path.join(".") || "(root)"} ${issue.message}` : "invalid"}`;
  }
  const a = parsed.data;
  return {
    kind: a.type.endsWith("max_deliver") ? "max_deliveries" : "terminated",
    stream: a.stream,
    consumer: a.consumer,
    streamSeq: a.stream_seq,
    deliveries: a.deliveries,
    failedAt: new Date(a.timestamp),
    reason: a.reason ? a.reason : undefined,
  };
}

/** One message dead-lettered for one consumer: another consumer giving up on it is another dead letter. */
export function advisoryDedupeKey(a: Pick<DeadLetterAdvisory, "stream" | "streamSeq" | "consumer">): string {
  return `${a.stream}:${a.streamSeq}:${a.consumer}`;
}

/**
 * The dead letter an advisory stands for. `original` is the message read back by sequence; null
 * when the stream's limits (or someone) removed it meanwhile: the dead letter is still recorded,
 * with an empty body and an error that says so.
 */
export function advisoryDeadLetter(
  a: DeadLetterAdvisory,
  original: StreamMessage | null,
  now: Date,
): ObservedDeadLetter {
  const channel = deadLetterChannel(a.stream);
  const message: ObservedMessage = original
    ? toObservedMessage(channel, a.stream, original, now)
    : {
        channel,
        brokerId: `${a.stream}:${a.streamSeq}`,
        headers: {},
        body: Buffer.alloc(0),
        observedAt: now,
      };
  const why =
    a.kind === "max_deliveries"
      ? `consumer ${a.consumer} gave up after ${a.deliveries} deliveries`
      : `consumer ${a.consumer} terminated it${a.reason ? `: ${a.reason}` : ""}`;
  const gone = original
    ? ""
    : `; the original message (stream ${a.stream}, sequence ${a.streamSeq}) is no longer in the stream, its body is lost`;
  return {
    message,
    originalChannel: a.stream,
    originalSubject: original?.subject,
    reason: a.kind,
    error: why + gone,
    attempts: a.deliveries,
    failedAt: a.failedAt,
    dedupeKey: advisoryDedupeKey(a),
  };
}

/**
 * A message from a DLQ stream some application republishes failures into. Where it came from is
 * read from JetStream's republish headers (Nats-Stream / Nats-Subject) when present; the number
 * of attempts is not known there, so 1 (it failed at least once).
 */
export function dlqStreamDeadLetter(dlq: string, m: StreamMessage, now: Date): ObservedDeadLetter {
  const message = toObservedMessage(dlq, dlq, m, now);
  const originalChannel = m.headers?.get("Nats-Stream") || undefined;
  const originalSubject = m.headers?.get("Nats-Subject") || (originalChannel ? undefined : m.subject);
  return {
    message,
    originalChannel,
    originalSubject,
    reason: "dlq_stream",
    attempts: 1,
    failedAt: m.time,
    dedupeKey: `${dlq}:${m.seq}`,
  };
}

/**
 * Headers for a republished copy: the stored ones minus JetStream's control headers (an old
 * Nats-Msg-Id would defeat the reprocess dedupe, Nats-Expected-* would fail the publish,
 * Nats-Rollup would purge the subject), plus the reprocess id. Names NATS cannot carry (":" or
 * whitespace) are skipped and returned so the caller can report them.
 */
export function republishHeaders(req: RepublishRequest): { headers: MsgHdrs; skipped: string[] } {
  const h = natsHeaders();
  const skipped: string[] = [];
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === null || /^nats-/i.test(key) || key.toLowerCase() === REPROCESS_ID_HEADER) continue;
    if (!/^[!-9;-~]+$/.test(key)) {
      skipped.push(key);
      continue;
    }
    // Header values are one line: a CR or LF would end the header block early.
    h.append(key, String(value).replace(/[\r\n]+/g, " "));
  }
  if (req.contentType && !h.has("Content-Type")) h.set("Content-Type", req.contentType);
  h.set(REPROCESS_ID_HEADER, req.reprocessId);
  return { headers: h, skipped };
}

/** The server list as it may be shown: without user:password@ in a URL. */
export function redactServers(servers: string[]): string {
  return servers.map((s) => s.replace(/\/\/[^/@]*@/, "//")).join(", ");
}

/** NATS subject matching (`*` one token, `>` the rest), for filtering on servers before 2.10. */
export function subjectMatches(filter: string, subject: string): boolean {
  const f = filter.split(".");
  const s = subject.split(".");
  for (let i = 0; i < f.length; i++) {
    const token = f[i];
    if (token === ">") return s.length > i;
    if (i >= s.length) return false;
    if (token !== "*" && token !== s[i]) return false;
  }
  return f.length === s.length;
}
