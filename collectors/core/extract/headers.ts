// Broker headers → the ingest contract's flat map of strings, numbers, booleans and nulls. Brokers
// hand over Buffers, nested AMQP tables, arrays, Dates, bigints and NATS multi-values; nothing
// here throws on any of them, and names and values are cut to what the server accepts.
import type { RawHeaders } from "@/collectors/core/adapter";
import { toStorableText } from "@/lib/ingest/postgres-text";

export type HeaderValue = string | number | boolean | null;
export const MAX_HEADERS = 64;
const MAX_NAME = 256;
const MAX_VALUE = 8192;

/** A header value as text or a JSON scalar, never throwing. */
export function headerValue(v: unknown): HeaderValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return Number.isFinite(v) ? v : String(v);
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (typeof v === "string") return clean(v);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return bytesToText(Buffer.from(v));
  if (Array.isArray(v) && v.length === 1) return headerValue(v[0]);
  try {
    return clean(JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x)) ?? "");
  } catch {
    return clean(String(v)); // a cycle: something readable rather than nothing
  }
}

/** Text when the bytes are UTF-8 text, else `base64:` + base64. */
export function bytesToText(b: Buffer): string {
  const text = b.toString("utf8");
  if (!text.includes("\uFFFD") && !text.includes("\0")) return clean(text);
  return clean(`base64:${b.toString("base64")}`);
}

function clean(s: string): string {
  const t = s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
  return toStorableText(t);
}

/** Normalises every header (at most MAX_HEADERS, extra ones counted in `x-eventscope-headers-omitted`). */
export function normaliseHeaders(raw: RawHeaders): Record<string, HeaderValue> {
  const out: Record<string, HeaderValue> = {};
  let n = 0;
  let omitted = 0;
  for (const key of Object.keys(raw)) {
    if (n >= MAX_HEADERS) {
      omitted++;
      continue;
    }
    const name = toStorableText(key.slice(0, MAX_NAME));
    if (name === "" || name === "__proto__") continue;
    out[name] = headerValue(raw[key]);
    n++;
  }
  if (omitted > 0) out["x-eventscope-headers-omitted"] = omitted;
  return out;
}

/** Looks a header up case-insensitively; the first match's value as text. */
export function findHeader(raw: RawHeaders, name: string): string | undefined {
  const want = name.toLowerCase();
  for (const key of Object.keys(raw)) {
    if (key.toLowerCase() !== want) continue;
    const v = headerValue(raw[key]);
    return v === null ? undefined : String(v);
  }
  return undefined;
}
