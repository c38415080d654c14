// Schema inference from payload samples: a summary of every sample seen so far (JSON, so it can
// be stored and merged again later), turned into a JSON Schema 2020-12 on demand. Called once per
// new payload shape (the ingest's shape hash), never per event.
//
// The rules: a property is required when every object at its place had it; a value seen as null
// and as something else is nullable; integers only → "integer", else "number"; a string format
// (date-time, uuid, email, uri) holds when every string at that place matched it; a small set of
// string values seen many times is an enum.

export type JsonType = "null" | "boolean" | "integer" | "number" | "string" | "object" | "array";
export const FORMATS = ["date-time", "uuid", "email", "uri"] as const;
export type Format = (typeof FORMATS)[number];

/** What was seen at one place of the payload, over every sample. */
export type Summary = {
  /** How many values were seen here, per JSON type. */
  types: Partial<Record<JsonType, number>>;
  /** Object properties: how many objects had each one, and what its values were. */
  properties?: Record<string, { present: number; summary: Summary }>;
  /** Array elements, all positions together. */
  items?: Summary;
  /** Formats every string seen here matched (absent: none checked yet). */
  formats?: Format[];
  /** Distinct string values, while there are at most ENUM_TRACK_MAX of them; null once there are more. */
  values?: string[] | null;
};

const ENUM_TRACK_MAX = 10;
/** An enum needs this many strings per distinct value (ten values need 40 samples): fewer look like free text. */
const ENUM_MIN_REPEAT = 4;
const MAX_DEPTH = 32;
const MAX_PROPERTIES = 500;

const FORMAT_TESTS: Record<Format, (s: string) => boolean> = {
  "date-time": (s) =>
    /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(s) &&
    !Number.isNaN(Date.parse(s)),
  uuid: (s) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s),
  email: (s) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s) && s.length <= 254,
  uri: (s) => /^[a-z][a-z0-9+.-]*:\/\/[^\s]+$/i.test(s),
};

export function emptySummary(): Summary {
  return { types: {} };
}

// Payload keys are data: "__proto__" or "constructor" must be plain properties, never the prototype.
function own<T>(o: Record<string, T>, k: string): T | undefined {
  return Object.hasOwn(o, k) ? o[k] : undefined;
}

function define<T>(o: Record<string, T>, k: string, value: T): void {
  Object.defineProperty(o, k, { value, enumerable: true, writable: true, configurable: true });
}

/** The JSON Schema type of a value (a whole number is "integer"). */
export function jsonTypeOf(v: unknown): JsonType {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  if (typeof v === "boolean") return "boolean";
  if (typeof v === "string") return "string";
  return "object";
}

/** Adds one sample to a summary (in place) and returns it. */
export function addSample(s: Summary, value: unknown, depth = 0): Summary {
  const t = jsonTypeOf(value);
  s.types[t] = (s.types[t] ?? 0) + 1;
  if (depth >= MAX_DEPTH) return s;
  if (t === "string") addString(s, value as string);
  else if (t === "array") {
    s.items ??= emptySummary();
    for (const item of value as unknown[]) addSample(s.items, item, depth + 1);
  } else if (t === "object") {
    s.properties ??= {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      let p = own(s.properties, k);
      if (!p) {
        if (Object.keys(s.properties).length >= MAX_PROPERTIES) continue; // a map keyed by ids: stop listing keys
        p = { present: 0, summary: emptySummary() };
        Object.defineProperty(s.properties, k, {
          value: p,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      p.present++;
      addSample(p.summary, v, depth + 1);
    }
  }
  return s;
}

function addString(s: Summary, v: string): void {
  s.formats = (s.formats ?? [...FORMATS]).filter((f) => FORMAT_TESTS[f](v));
  if (s.values === null) return;
  const values = s.values ?? [];
  if (!values.includes(v)) values.push(v);
  s.values = values.length > ENUM_TRACK_MAX ? null : values;
}

/** Merges summary `b` into `a` (in place): the summary of both sets of samples. */
export function mergeSummaries(a: Summary, b: Summary): Summary {
  for (const [t, n] of Object.entries(b.types) as [JsonType, number][]) a.types[t] = (a.types[t] ?? 0) + n;
  if (b.formats) a.formats = a.formats ? a.formats.filter((f) => b.formats!.includes(f)) : [...b.formats];
  if (b.values !== undefined) {
    if (a.values === null || b.values === null) a.values = null;
    else {
      const merged = [...new Set([...(a.values ?? []), ...b.values])];
      a.values = merged.length > ENUM_TRACK_MAX ? null : merged;
    }
  }
  if (b.items) a.items = mergeSummaries(a.items ?? emptySummary(), b.items);
  if (b.properties) {
    a.properties ??= {};
    for (const [k, p] of Object.entries(b.properties)) {
      const mine = own(a.properties, k);
      if (mine) {
        mine.present += p.present;
        mergeSummaries(mine.summary, p.summary);
      } else {
        define(a.properties, k, { present: p.present, summary: mergeSummaries(emptySummary(), p.summary) });
      }
    }
  }
  return a;
}

export type JsonSchema = { [k: string]: unknown };

/** The JSON Schema 2020-12 of everything the summary has seen. */
export function toJsonSchema(s: Summary, root = true): JsonSchema {
  const out: JsonSchema = root ? { $schema: "https://json-schema.org/draft/2020-12/schema" } : {};
  const seen = (Object.keys(s.types) as JsonType[]).filter((t) => (s.types[t] ?? 0) > 0);
  // An integer somewhere and a fraction elsewhere: the field is a number.
  const types = seen.includes("number") ? seen.filter((t) => t !== "integer") : seen;
  const order: JsonType[] = ["object", "array", "string", "number", "integer", "boolean", "null"];
  types.sort((x, y) => order.indexOf(x) - order.indexOf(y));
  if (types.length === 1) out.type = types[0];
  else if (types.length > 1) out.type = types;

  if (types.includes("object") && s.properties) {
    const objects = s.types.object ?? 0;
    const props: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const key of Object.keys(s.properties).sort()) {
      const p = s.properties[key]!;
      define(props, key, toJsonSchema(p.summary, false));
      if (p.present === objects) required.push(key);
    }
    out.properties = props;
    if (required.length > 0) out.required = required;
  }
  if (types.includes("array"))
    out.items = s.items && Object.keys(s.items.types).length > 0 ? toJsonSchema(s.items, false) : {};
  if (types.includes("string")) {
    const strings = s.types.string ?? 0;
    const format = s.formats?.[0];
    if (format) out.format = format;
    else if (s.values && s.values.length > 0 && strings >= s.values.length * ENUM_MIN_REPEAT) {
      out.enum = [...s.values].sort();
      if (types.includes("null")) (out.enum as unknown[]).push(null);
    }
  }
  return out;
}

/** Convenience: the schema of a list of samples. */
export function inferSchema(samples: readonly unknown[]): JsonSchema {
  const s = emptySummary();
  for (const v of samples) addSample(s, v);
  return toJsonSchema(s);
}
