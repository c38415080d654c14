// The catalog API's JSON shapes, shared by the route handlers (app/api/v1/event-types/**,
// app/api/v1/catalog/**), the pages (components/catalog/**) and the tests. Times are ISO strings.
import type { CompatibilityMode, BreakingChange } from "@/lib/catalog/compatibility";
import type { Drift } from "@/lib/catalog/drift";
import type { JsonSchema } from "@/lib/catalog/infer-schema";

export type SchemaSource = "inferred" | "registered";

/** GET /api/v1/event-types query. */
export type EventTypeListQuery = {
  q?: string; // name (or description) contains, case-insensitive
  broker?: string;
  channel?: string;
  producer?: string; // service name producing it
  consumer?: string;
  owner?: string;
  tag?: string;
  drifted?: boolean;
  violations?: boolean; // has violations of its registered schema
  sort?: "name" | "throughput" | "lastSeen"; // default name
  order?: "asc" | "desc"; // default asc for name, desc otherwise
  limit?: number; // 1..200, default 50
  cursor?: string; // opaque, from the previous page's nextCursor
};

export type EventTypeListItem = {
  name: string;
  description: string | null;
  owner: string | null;
  tags: string[];
  firstSeenAt: string;
  lastSeenAt: string;
  brokers: string[];
  channels: string[];
  producers: string[];
  consumers: string[];
  inferredVersion: number | null;
  registeredVersion: number | null;
  compatibility: CompatibilityMode;
  drifted: boolean;
  violations: number; // events that failed the registered schema (all versions)
  /** Events per minute over the last hour: 12 buckets of 5 minutes, oldest first. */
  throughput: number[];
  /** Events in the last hour (the sort key for sort=throughput). */
  lastHour: number;
};

export type EventTypeList = {
  items: EventTypeListItem[];
  total: number; // matching the filters, all pages
  nextCursor: string | null;
  /** Values for the filter menus. */
  facets: { brokers: string[]; channels: string[]; producers: string[]; owners: string[]; tags: string[] };
};

export type SchemaVersionView = {
  version: number;
  source: SchemaSource;
  fingerprint: string;
  firstSeenAt: string;
  definition: JsonSchema;
  producers: string[];
  example: unknown;
  compatibility: { mode: CompatibilityMode; compatible: boolean; breakingChanges: BreakingChange[] } | null;
};

export type ViolationView = {
  version: number;
  path: string; // JSON pointer of the failing place ("" = the payload)
  keyword: string;
  message: string;
  count: number;
  example: unknown;
  exampleMessageId: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
};

export type LinkView = { broker: string; channel: string; service: string | null; lastSeenAt: string };

/** GET /api/v1/event-types/{name}. `violations` is the list here (each with its count), not the total. */
export type EventTypeDetail = Omit<EventTypeListItem, "throughput" | "lastHour" | "violations"> & {
  drift: Drift | null;
  produces: LinkView[]; // producers per channel
  consumes: LinkView[]; // consumers per channel
  /** The schema live events are checked against (newest registered), else the newest inferred. */
  currentSchema: SchemaVersionView | null;
  stats: {
    lastHour: number;
    lastDay: number;
    throughput: { minute: string; count: number }[]; // per minute, last hour
    errors: number; // last hour
    latencyMs: { p50: number | null; p95: number | null; p99: number | null }; // last hour
  };
  violations: ViolationView[];
  samples: {
    messageId: string;
    publishedAt: string;
    producer: string | null;
    channel: string;
    payload: unknown;
    truncated: boolean;
    valid: boolean | null;
  }[];
};

/** GET /api/v1/event-types/{name}/schemas. */
export type SchemaVersionList = {
  name: string;
  compatibility: CompatibilityMode;
  versions: SchemaVersionView[];
};

/** POST /api/v1/event-types/{name}/schemas body: a JSON Schema (object) as `schema`. */
export type RegisterSchemaBody = { schema: JsonSchema };
/** 201 (new version) or 200 (identical to an existing registered version). */
export type RegisterSchemaResult = { name: string; version: number; created: boolean };
/** 409 body when the mode refuses it (error.code = "incompatible"). */
export type IncompatibleSchema = { mode: CompatibilityMode; breakingChanges: BreakingChange[] };

/** PATCH /api/v1/event-types/{name} body (operator): any of description, owner, tags. */
export type EventTypeEdit = { description?: string | null; owner?: string | null; tags?: string[] };

/** POST /api/v1/catalog/asyncapi (import) result, per message of the document. */
export type AsyncApiImportResult = {
  registered: { name: string; version: number; created: boolean }[];
  refused: { name: string; reason: string; breakingChanges?: BreakingChange[] }[];
};
