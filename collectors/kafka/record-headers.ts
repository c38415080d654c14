// Kafka record headers: the client hands them over as a Map of Buffers (names included); these
// helpers turn names into strings, keep values raw, and read typed values out of them.
import type { RawHeaders } from "@/collectors/core/adapter";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Record headers → RawHeaders: names decoded as UTF-8, values passed raw (Buffers; a null value
 * stays null). Kafka allows a name to repeat; the client's Map already keeps only the last one.
 */
export function decodeHeaders(headers: Iterable<readonly [unknown, unknown]>): RawHeaders {
  const out: RawHeaders = {};
  for (const [rawName, rawValue] of headers) {
    const name = headerName(rawName);
    if (name === undefined) continue;
    out[name] = headerValue(rawValue);
  }
  return out;
}

function headerName(raw: unknown): string | undefined {
  if (typeof raw === "string") return raw;
  if (raw instanceof Uint8Array)
    return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("utf8");
  // Kafka forbids null names; a client that hands one over anyway has nothing we could show.
  if (raw === null || raw === undefined) return undefined;
  return String(raw as string | number | boolean | bigint);
}

function headerValue(raw: unknown): unknown {
  if (raw === undefined || raw === null) return null;
  if (Buffer.isBuffer(raw)) return raw;
  if (raw instanceof Uint8Array) return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  return raw;
}

/** A header as bytes: Buffers as they are, strings as UTF-8; anything else undefined. */
export function headerBytes(headers: RawHeaders, name: string): Buffer | undefined {
  const value = headers[name];
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === "string") return Buffer.from(value, "utf8");
  return undefined;
}

/** A header as text (UTF-8, lenient), numbers and booleans spelled out; undefined when absent or null. */
export function headerText(headers: RawHeaders, name: string): string | undefined {
  const value = headers[name];
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return String(value);
  return headerBytes(headers, name)?.toString("utf8");
}

/**
 * A header holding a big-endian two's-complement integer of 1–8 bytes, as Java writes them
 * (ByteBuffer.putInt/putLong, BigInteger.toByteArray). Undefined when absent, empty, longer, or —
 * given `widths` — of another width (text such as "two" would otherwise read as a number).
 */
export function headerBinaryInt(
  headers: RawHeaders,
  name: string,
  widths?: readonly number[],
): bigint | undefined {
  const value = headers[name];
  if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
  if (typeof value === "bigint") return value;
  if (typeof value === "string") return undefined; // text is not Java's binary form
  const bytes = headerBytes(headers, name);
  if (!bytes || bytes.length === 0 || bytes.length > 8) return undefined;
  if (widths && !widths.includes(bytes.length)) return undefined;
  let n = 0n;
  for (const byte of bytes) n = (n << 8n) | BigInt(byte);
  return BigInt.asIntN(bytes.length * 8, n);
}

/** A header holding a decimal integer as text (Kafka Connect writes numbers so). */
export function headerDecimalInt(headers: RawHeaders, name: string): bigint | undefined {
  const text = headerText(headers, name)?.trim();
  return text !== undefined && /^-?\d{1,19}$/.test(text) ? BigInt(text) : undefined;
}

/** Bytes as a string when they are valid UTF-8 (so the string round-trips to the same bytes). */
export function utf8OrUndefined(bytes: Buffer | undefined): string | undefined {
  if (bytes === undefined) return undefined;
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined; // binary (Avro, protobuf, a long…): no string stands for it exactly
  }
}
