// Helpers for the catalog pipeline's integration tests: ingest through the real path and wait for
// the shape worker, then read what the catalog recorded.
import { randomUUID } from "node:crypto";
import { pool } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { ingestBody, parseIngestBody, storeParsedBatch } from "@/lib/ingest/ingest-batch";
import type { DeliveryInput, EventInput, IngestResult } from "@/lib/ingest/schemas";
import { makeEvent } from "@/lib/ingest/test-factories";
import type { JsonSchema } from "@/lib/catalog/infer-schema";
import { shapeWorker } from "@/lib/catalog/shape-worker";

/** Sets catalog variables (undefined: unset) and re-reads the environment. */
export function setCatalogEnv(vars: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvForTests();
}

/** An event of `type` with `payload` and a fresh id. */
export function eventOf(type: string, payload: unknown, overrides: Partial<EventInput> = {}): EventInput {
  return makeEvent({ id: randomUUID(), type, payload, ...overrides });
}

/** Ingests through ingestBody (or, with `receivedMs`, parse + store at that clock) and waits for the worker. */
export async function ingest(
  events: EventInput[],
  opts: { deliveries?: DeliveryInput[]; receivedMs?: number } = {},
): Promise<IngestResult> {
  const body = JSON.stringify({ events, ...(opts.deliveries ? { deliveries: opts.deliveries } : {}) });
  const result =
    opts.receivedMs === undefined
      ? await ingestBody(body)
      : await storeParsedBatch(parseIngestBody(body, opts.receivedMs));
  await shapeWorker().idle();
  return result;
}

export type VersionRow = {
  version: number;
  source: string;
  definition: JsonSchema;
  compatibility: {
    mode: string;
    compatible: boolean;
    breakingChanges: { path: string; message: string }[];
  } | null;
  producers: string[];
  example: unknown;
};

export async function versionsOf(type: string): Promise<VersionRow[]> {
  const { rows } = await pool().query<VersionRow>(
    `SELECT v.version, v.source, v.definition, v.compatibility, v.producers, v.example
     FROM schema_versions v JOIN event_types t ON t.id = v.event_type_id WHERE t.name = $1 ORDER BY v.version`,
    [type],
  );
  return rows;
}

export async function typeIdOf(type: string): Promise<number> {
  const { rows } = await pool().query<{ id: number }>("SELECT id FROM event_types WHERE name = $1", [type]);
  if (!rows[0]) throw new Error(`no event type ${type}`);
  return rows[0].id;
}

export type ShapeRow = {
  shape_hash: string;
  producer: string | null;
  samples: number;
  schema_version: number | null;
};

export async function shapesOf(type: string): Promise<ShapeRow[]> {
  const { rows } = await pool().query<ShapeRow>(
    `SELECT s.shape_hash, sv.name AS producer, s.samples, s.schema_version FROM event_type_shapes s
     JOIN event_types t ON t.id = s.event_type_id LEFT JOIN services sv ON sv.id = s.producer_id
     WHERE t.name = $1 ORDER BY s.first_seen_at, sv.name`,
    [type],
  );
  return rows;
}
