// Trace context from message headers: W3C `traceparent`, B3 single (`b3`) and B3 multi
// (`X-B3-TraceId` / `X-B3-SpanId`). 64-bit B3 trace ids are left-padded to 128 bits, as the
// OpenTelemetry B3 propagator does, so they join spans from OTLP.
import type { RawHeaders } from "@/collectors/core/adapter";
import { findHeader } from "@/collectors/core/extract/headers";

export type TraceContext = { traceId: string; spanId: string };
export type TraceFormat = "traceparent" | "b3";

const HEX = /^[0-9a-f]+$/;
const ZERO = /^0+$/;

function valid(traceId: string, spanId: string): TraceContext | undefined {
  const t = traceId.toLowerCase().padStart(32, "0");
  const s = spanId.toLowerCase();
  if (t.length !== 32 || s.length !== 16 || !HEX.test(t) || !HEX.test(s) || ZERO.test(t) || ZERO.test(s))
    return undefined;
  return { traceId: t, spanId: s };
}

/** version-traceid-parentid-flags; version ff is invalid, unknown future versions are read leniently. */
export function parseTraceparent(value: string): TraceContext | undefined {
  const parts = value.trim().split("-");
  if (parts.length < 4 || parts[0] === "ff" || parts[0]?.length !== 2) return undefined;
  if (parts[1]?.length !== 32) return undefined;
  return valid(parts[1], parts[2] ?? "");
}

/** traceid-spanid[-sampled[-parentspanid]]; a lone "0"/"1"/"d" (sampling only) has no ids. */
export function parseB3Single(value: string): TraceContext | undefined {
  const parts = value.trim().split("-");
  if (parts.length < 2) return undefined;
  const t = parts[0] ?? "";
  if (t.length !== 16 && t.length !== 32) return undefined;
  return valid(t, parts[1] ?? "");
}

export function extractTrace(headers: RawHeaders, formats: readonly TraceFormat[]): TraceContext | undefined {
  for (const f of formats) {
    if (f === "traceparent") {
      const tp = findHeader(headers, "traceparent");
      const ctx = tp === undefined ? undefined : parseTraceparent(tp);
      if (ctx) return ctx;
    } else {
      const single = findHeader(headers, "b3");
      const ctx = single === undefined ? undefined : parseB3Single(single);
      if (ctx) return ctx;
      const t = findHeader(headers, "x-b3-traceid");
      const s = findHeader(headers, "x-b3-spanid");
      if (t && s && (t.length === 16 || t.length === 32)) {
        const multi = valid(t, s);
        if (multi) return multi;
      }
    }
  }
  return undefined;
}
