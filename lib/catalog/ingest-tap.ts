// What the catalog does while ingest parses a batch, per event and synchronously: validation of
// the payload against the type's registered schema (before redaction: "[redacted]" would fail a
// number field), and one Map lookup of the payload's shape (type, producer, shape hash). A known
// shape costs nothing more, unless its last_seen_at is due; an unknown one becomes a candidate
// holding its redacted payloads (whole objects, never the truncated sample) while the worker still
// wants samples of it. Nothing is written here: after the batch commits, after-ingest.ts hands the
// candidates to the worker (which folds at most MAX_SHAPE_SAMPLES per shape into a summary) and
// writes the rest.
import type { KnownShapes } from "@/lib/catalog/catalog-state";
import { TOUCH_EVERY_MS } from "@/lib/catalog/catalog-state";
import type { RegisteredSchema } from "@/lib/catalog/registered-schemas";
import { MAX_SHAPE_SAMPLES } from "@/lib/catalog/record-shapes";

/** How many distinct failures of one event are kept (a payload failing everywhere says enough with these). */
const MAX_VIOLATIONS_PER_EVENT = 20;

export type Violation = { path: string; keyword: string; message: string };
/** An event that failed its type's registered schema. */
export type ValidationFailure = { typeId: number; versionId: number; violations: Violation[] };
export type Validation = { valid: boolean | null; failure: ValidationFailure | null };

export type BatchShape = {
  type: string;
  producer: string | null;
  shapeHash: string;
  samples: unknown[];
  example: string | null;
};

/** The worker's side: whether more samples of an unknown shape are still of use. */
export type SampleWanted = (key: string) => boolean;

const NOT_CHECKED: Validation = { valid: null, failure: null };
const VALID: Validation = { valid: true, failure: null };

export function shapeKey(type: string, producer: string | null, shapeHash: string): string {
  return `${type}\0${producer ?? ""}\0${shapeHash}`;
}

export class IngestTap {
  /** Shapes this batch saw that this process does not know yet, by key. */
  readonly candidates = new Map<string, BatchShape>();
  /** Known shapes whose last_seen_at is due for a write, by key. */
  readonly touches = new Map<string, { type: string; producer: string | null; shapeHash: string }>();

  constructor(
    private readonly known: KnownShapes,
    private readonly schemas: ReadonlyMap<string, RegisteredSchema>,
    private readonly wanted: SampleWanted,
    readonly nowMs: number,
  ) {}

  /** Validates a payload (not yet redacted) against its type's newest registered schema. */
  validate(type: string, payload: unknown): Validation {
    if (payload === undefined || this.schemas.size === 0) return NOT_CHECKED;
    const schema = this.schemas.get(type);
    if (!schema?.validate) return NOT_CHECKED;
    let ok: boolean;
    try {
      ok = schema.validate(payload) as boolean;
    } catch {
      return NOT_CHECKED; // a schema ajv cannot apply to this payload (e.g. runaway recursion): no verdict
    }
    if (ok) return VALID;
    const violations: Violation[] = [];
    const seen = new Set<string>();
    for (const e of schema.validate.errors ?? []) {
      const id = `${e.instancePath}\0${e.keyword}`;
      if (seen.has(id)) continue;
      seen.add(id);
      violations.push({ path: e.instancePath, keyword: e.keyword, message: e.message ?? e.keyword });
      if (violations.length >= MAX_VIOLATIONS_PER_EVENT) break;
    }
    return { valid: false, failure: { typeId: schema.typeId, versionId: schema.versionId, violations } };
  }

  /** Notes a payload's shape; `payload` is the redacted object, `example` the stored sample text. */
  observe(
    type: string,
    producer: string | null,
    shapeHash: string,
    payload: unknown,
    example: string | null,
  ): void {
    const touched = this.known.touchedAt(type, producer ?? "", shapeHash);
    if (touched !== undefined) {
      if (this.nowMs - touched < TOUCH_EVERY_MS) return;
      const key = shapeKey(type, producer, shapeHash);
      if (!this.touches.has(key)) this.touches.set(key, { type, producer, shapeHash });
      return;
    }
    const key = shapeKey(type, producer, shapeHash);
    const c = this.candidates.get(key);
    if (c) {
      if (c.samples.length < MAX_SHAPE_SAMPLES) c.samples.push(payload);
    } else if (this.wanted(key)) {
      // Not when the worker already has enough samples of it or is recording it.
      this.candidates.set(key, { type, producer, shapeHash, samples: [payload], example });
    }
  }
}
