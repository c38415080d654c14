// One span shape after both decoders: ids as lowercase hex, times in epoch milliseconds, attributes
// as plain JSON, the messaging attributes (current and older semantic-convention names) pulled out
// into columns, text made storable. A span that cannot be stored (bad id, no start time) is refused
// on its own and named in the reasons; the rest of the batch goes on.
import { toStorableText } from "@/lib/ingest/postgres-text";
import type { OtlpAnyValue, OtlpKeyValue, OtlpRequest, OtlpSpan } from "@/lib/traces/otlp-json";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };
export type Attributes = Record<string, JsonValue>;

export const SPAN_KINDS = ["internal", "server", "client", "producer", "consumer"] as const;
export type SpanKind = (typeof SPAN_KINDS)[number];
export type StatusCode = "unset" | "ok" | "error";

export type SpanLink = { traceId: string; spanId: string; attributes?: Attributes };
export type SpanEvent = { name: string; timeMs: number; attributes?: Attributes };

export type NormalizedSpan = {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  serviceName: string | null;
  kind: SpanKind | null;
  startMs: number;
  endMs: number;
  statusCode: StatusCode;
  statusMessage: string | null;
  attributes: Attributes;
  messageId: string | null;
  messagingSystem: string | null;
  destination: string | null;
  operation: string | null;
  links: SpanLink[] | null;
  events: SpanEvent[] | null;
  resource: Attributes | null;
};

export type Normalized = { spans: NormalizedSpan[]; rejected: number; reasons: string[] };

const MAX_REASONS = 5;
const MAX_NAME = 1000;
/** Spans further than this from the server's clock are refused: a unit mistake (µs for ns) looks like this. */
const MAX_SKEW_MS = 400 * 24 * 3600 * 1000;

const HEX = /^[0-9a-fA-F]+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * An id of `bytes` bytes as lowercase hex: hex (the JSON mapping) or base64 (protobuf's bytes as
 * protobufjs renders them, and what some older JSON exporters sent). The lengths never overlap.
 * Null when empty or all zeros (the spec's invalid id) or not an id at all.
 */
export function idToHex(raw: string | undefined, bytes: 8 | 16): string | null {
  if (!raw) return null;
  let hex: string | null = null;
  if (raw.length === bytes * 2 && HEX.test(raw)) hex = raw.toLowerCase();
  else if (BASE64.test(raw)) {
    const buf = Buffer.from(raw, "base64");
    if (buf.length === bytes) hex = buf.toString("hex");
  }
  if (hex === null || /^0+$/.test(hex)) return null;
  return hex;
}

/** Unix nanoseconds (decimal string or number) → epoch milliseconds, or null when absent or zero. */
export function nanosToMs(raw: string | number | undefined): number | null {
  if (raw === undefined) return null;
  let ms: number;
  if (typeof raw === "number") ms = Math.floor(raw / 1e6);
  else {
    try {
      ms = Number(BigInt(raw) / 1_000_000n);
    } catch {
      return null;
    }
  }
  return ms > 0 ? ms : null;
}

function text(s: string): string {
  return toStorableText(s);
}

function anyValue(v: OtlpAnyValue | null | undefined): JsonValue {
  if (!v) return null;
  if (v.stringValue !== undefined) return text(v.stringValue);
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) {
    const n = Number(v.intValue);
    // Past 2^53 the number would be rounded: kept exact as text.
    return Number.isSafeInteger(n) ? n : String(v.intValue);
  }
  if (v.doubleValue !== undefined) {
    const n = Number(v.doubleValue);
    return Number.isFinite(n) ? n : String(v.doubleValue);
  }
  if (v.arrayValue !== undefined) return (v.arrayValue.values ?? []).map(anyValue);
  if (v.kvlistValue !== undefined) return keyValues(v.kvlistValue.values);
  if (v.bytesValue !== undefined) return v.bytesValue; // base64, as the JSON mapping writes bytes
  return null;
}

export function keyValues(list: OtlpKeyValue[] | undefined): Attributes {
  const out: Attributes = {};
  for (const kv of list ?? []) out[text(kv.key)] = anyValue(kv.value);
  return out;
}

const KIND_NAMES: Record<string, SpanKind> = {
  SPAN_KIND_INTERNAL: "internal",
  SPAN_KIND_SERVER: "server",
  SPAN_KIND_CLIENT: "client",
  SPAN_KIND_PRODUCER: "producer",
  SPAN_KIND_CONSUMER: "consumer",
};

function kindOf(raw: number | string | undefined): SpanKind | null {
  if (raw === undefined) return null;
  if (typeof raw === "number") return SPAN_KINDS[raw - 1] ?? null;
  return KIND_NAMES[raw] ?? null;
}

function statusOf(raw: number | string | undefined): StatusCode {
  if (raw === 2 || raw === "STATUS_CODE_ERROR") return "error";
  if (raw === 1 || raw === "STATUS_CODE_OK") return "ok";
  return "unset";
}

function textAttr(attrs: Attributes, ...keys: string[]): string | null {
  for (const k of keys) {
    const v = attrs[k];
    if (typeof v === "string" && v !== "") return v;
    if (typeof v === "number") return String(v);
  }
  return null;
}

/** messaging.operation.type (semconv ≥ 1.26) or messaging.operation (older), in the newer words. */
function operationOf(attrs: Attributes): string | null {
  const op = textAttr(attrs, "messaging.operation.type", "messaging.operation");
  if (op === null) return null;
  // Older conventions said "deliver" for push consumers and "publish" for send.
  return op === "deliver" ? "process" : op;
}

function normalizeSpan(
  s: OtlpSpan,
  resource: Attributes | null,
  serviceName: string | null,
  nowMs: number,
): NormalizedSpan | string {
  const traceId = idToHex(s.traceId, 16);
  if (!traceId)
    return `span ${JSON.stringify(s.spanId)}: traceId must be 16 bytes (32 hex characters), not all zeros`;
  const spanId = idToHex(s.spanId, 8);
  if (!spanId) return `span in trace ${traceId}: spanId must be 8 bytes (16 hex characters), not all zeros`;
  const startMs = nanosToMs(s.startTimeUnixNano);
  if (startMs === null) return `span ${spanId}: startTimeUnixNano is missing or zero`;
  if (Math.abs(startMs - nowMs) > MAX_SKEW_MS)
    return `span ${spanId}: startTimeUnixNano is more than 400 days from now (nanoseconds expected)`;
  const end = nanosToMs(s.endTimeUnixNano);
  const endMs = end === null || end < startMs ? startMs : end;
  const attributes = keyValues(s.attributes);
  const links = (s.links ?? []).flatMap((l) => {
    const lt = idToHex(l.traceId, 16);
    const ls = idToHex(l.spanId, 8);
    if (!lt || !ls) return [];
    const a = keyValues(l.attributes);
    return [{ traceId: lt, spanId: ls, ...(Object.keys(a).length > 0 ? { attributes: a } : {}) }];
  });
  const events = (s.events ?? []).map((e) => {
    const a = keyValues(e.attributes);
    return {
      name: text(e.name ?? ""),
      timeMs: nanosToMs(e.timeUnixNano) ?? startMs,
      ...(Object.keys(a).length > 0 ? { attributes: a } : {}),
    };
  });
  return {
    traceId,
    spanId,
    parentSpanId: idToHex(s.parentSpanId, 8),
    name: text(s.name ?? "").slice(0, MAX_NAME) || "(unnamed)",
    serviceName,
    kind: kindOf(s.kind),
    startMs,
    endMs,
    statusCode: statusOf(s.status?.code),
    statusMessage: s.status?.message ? text(s.status.message) : null,
    attributes,
    messageId: textAttr(attributes, "messaging.message.id", "messaging.message_id"),
    messagingSystem: textAttr(attributes, "messaging.system"),
    destination: textAttr(attributes, "messaging.destination.name", "messaging.destination"),
    operation: operationOf(attributes),
    links: links.length > 0 ? links : null,
    events: events.length > 0 ? events : null,
    resource,
  };
}

/** Every span of a decoded request; spans repeated in one request are kept once (the first). */
export function normalizeRequest(req: OtlpRequest, nowMs = Date.now()): Normalized {
  const spans: NormalizedSpan[] = [];
  const reasons: string[] = [];
  const seen = new Set<string>();
  let rejected = 0;
  for (const rs of req.resourceSpans ?? []) {
    const resource = rs.resource?.attributes ? keyValues(rs.resource.attributes) : null;
    const serviceName = resource ? textAttr(resource, "service.name") : null;
    for (const ss of rs.scopeSpans ?? []) {
      for (const raw of ss.spans ?? []) {
        const span = normalizeSpan(raw, resource, serviceName, nowMs);
        if (typeof span === "string") {
          rejected++;
          if (reasons.length < MAX_REASONS) reasons.push(span);
          continue;
        }
        const key = `${span.traceId}/${span.spanId}`;
        if (seen.has(key)) continue;
        seen.add(key);
        spans.push(span);
      }
    }
  }
  return { spans, rejected, reasons };
}

/** How many spans a request holds, counted before normalising (for the batch-size limit). */
export function countSpans(req: OtlpRequest): number {
  let n = 0;
  for (const rs of req.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) n += ss.spans?.length ?? 0;
  return n;
}
