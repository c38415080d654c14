// Turns an event's payload into what is stored: redacted in place, a structural shape hash, the
// byte size, and a sample truncated to PAYLOAD_SAMPLE_MAX_BYTES that stays valid JSON:
// {"_truncated":true,"size":<bytes>,"preview":"<first N bytes of the JSON text>"}.
import { toStorableText } from "@/lib/ingest/postgres-text";
import type { Redactor } from "@/lib/ingest/redact";
import { MAX_DEPTH, redactAndHash, type WalkState } from "@/lib/ingest/shape-hash";

/** Room kept for the wrapper's keys, so a truncated sample stays near the limit. */
const PREVIEW_OVERHEAD = 64;

export type Sample = { json: string | null; truncated: boolean; size: number; shapeHash: string | null };

/** JSON.stringify escapes NUL and lone surrogates as \u0000 / \udXXX, which jsonb refuses. */
export function needsSanitizing(json: string): boolean {
  return json.includes("\\u") && /\\u0000|\\ud[89a-f]/i.test(json);
}

/** Replaces NUL and lone surrogates in every string and key (rare path, after needsSanitizing). */
export function sanitize(v: unknown): unknown {
  if (typeof v === "string") return toStorableText(v);
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(sanitize);
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) {
    Object.defineProperty(out, sanitize(k) as string, {
      value: sanitize(val),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** Serialises for a jsonb column: the text, plus whether sanitising changed it. */
export function toJsonb(v: unknown): string {
  const json = JSON.stringify(v);
  return needsSanitizing(json) ? JSON.stringify(sanitize(v)) : json;
}

/** The first `maxBytes - 64` bytes of the JSON text, cut on a character boundary, wrapped as JSON. */
export function truncatedSample(json: string, bytes: number, maxBytes: number): string {
  let n = Math.max(0, maxBytes - PREVIEW_OVERHEAD);
  let preview: string;
  if (bytes === json.length) {
    preview = json.slice(0, n); // ASCII: bytes are characters
  } else {
    const buf = Buffer.from(json);
    while (n > 0 && ((buf[n] ?? 0) & 0xc0) === 0x80) n--; // back off a UTF-8 continuation byte
    preview = buf.toString("utf8", 0, n);
  }
  return JSON.stringify({ _truncated: true, size: bytes, preview });
}

/**
 * Redacts, hashes and samples one payload. Returns a reason string when the payload is refused.
 * `declaredSize` (the item's `size`) wins over the computed one when given.
 */
export function samplePayload(
  payload: unknown,
  opts: { redactor: Redactor; maxBytes: number; declaredSize?: number },
): Sample | string {
  if (payload === undefined)
    return { json: null, truncated: false, size: opts.declaredSize ?? 0, shapeHash: null };
  const st: WalkState = { redactor: opts.redactor, sizeDelta: 0, tooDeep: false };
  const shapeHash = redactAndHash(payload, st);
  if (shapeHash === null) return `payload: is nested deeper than ${MAX_DEPTH} levels`;
  const json = toJsonb(payload);
  const bytes = Buffer.byteLength(json);
  const size = opts.declaredSize ?? bytes + st.sizeDelta;
  if (bytes <= opts.maxBytes) return { json, truncated: false, size, shapeHash };
  return { json: truncatedSample(json, bytes, opts.maxBytes), truncated: true, size, shapeHash };
}
