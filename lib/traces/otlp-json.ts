// The OTLP/HTTP JSON body (ExportTraceServiceRequest in the OTLP JSON mapping: camelCase keys, hex
// trace and span ids, enums as integers, 64-bit integers as strings or numbers), checked with zod.
// Only the envelope is strict: a span's own mistakes (a bad id) refuse that span alone, later.
import { z } from "zod";

/** fixed64 / int64 as the JSON mapping allows: a decimal string or a number. */
const int64 = z.union([
  z.string().regex(/^-?\d{1,20}$/, "must be an integer (a decimal string or a number)"),
  z.number().int("must be a whole number"),
]);

type AnyValueJson = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number | string;
  arrayValue?: { values?: AnyValueJson[] };
  kvlistValue?: { values?: KeyValueJson[] };
  bytesValue?: string;
};
type KeyValueJson = { key: string; value?: AnyValueJson | null };

const anyValue: z.ZodType<AnyValueJson> = z.lazy(() =>
  z.object({
    stringValue: z.string().optional(),
    boolValue: z.boolean().optional(),
    intValue: int64.optional(),
    // "NaN", "Infinity" are allowed by the mapping for doubles.
    doubleValue: z.union([z.number(), z.string()]).optional(),
    arrayValue: z.object({ values: z.array(anyValue).optional() }).optional(),
    kvlistValue: z.object({ values: z.array(keyValue).optional() }).optional(),
    bytesValue: z.string().optional(),
  }),
);
const keyValue: z.ZodType<KeyValueJson> = z.lazy(() =>
  z.object({ key: z.string(), value: anyValue.nullish() }),
);
const attributes = z.array(keyValue).optional();

const enumValue = z.union([z.number().int(), z.string()]);

const span = z.object({
  traceId: z.string(),
  spanId: z.string(),
  parentSpanId: z.string().optional(),
  traceState: z.string().optional(),
  name: z.string().optional(),
  kind: enumValue.optional(),
  startTimeUnixNano: int64,
  endTimeUnixNano: int64.optional(),
  attributes,
  events: z
    .array(z.object({ timeUnixNano: int64.optional(), name: z.string().optional(), attributes }))
    .optional(),
  links: z
    .array(
      z.object({ traceId: z.string(), spanId: z.string(), traceState: z.string().optional(), attributes }),
    )
    .optional(),
  status: z.object({ code: enumValue.optional(), message: z.string().optional() }).nullish(),
});

export const otlpJsonRequest = z.object({
  resourceSpans: z
    .array(
      z.object({
        resource: z.object({ attributes }).nullish(),
        scopeSpans: z
          .array(
            z.object({
              scope: z.object({ name: z.string().optional(), version: z.string().optional() }).nullish(),
              spans: z.array(span).optional(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
});

export type OtlpRequest = z.infer<typeof otlpJsonRequest>;
export type OtlpSpan = z.infer<typeof span>;
export type OtlpKeyValue = KeyValueJson;
export type OtlpAnyValue = AnyValueJson;
