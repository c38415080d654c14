// The shape worker's transaction for a group of event types: new payload shapes are stored with the
// summary of their samples, shapes stored by another process (or before a restart) take further
// samples while they have fewer than MAX_SHAPE_SAMPLES, an expired shape seen again is
// re-activated, and the types whose shapes changed are recomputed (recompute-schema.ts). A fixed
// number of statements per group: the worker's cost per new shape stays far below ingest's.
import type pg from "pg";
import { withTransaction } from "@/lib/db/client";
import { toJsonb } from "@/lib/ingest/payload-sample";
import { mergeSummaries, type Summary } from "@/lib/catalog/infer-schema";
import { recomputeSchemas, type Recomputed } from "@/lib/catalog/recompute-schema";
import { lockEventTypes } from "@/lib/catalog/type-lock";

/** Samples summarised per shape: enough for small enums and formats, few enough to stay cheap. */
export const MAX_SHAPE_SAMPLES = 20;
/** Shapes kept per type: a payload keyed by ids has a new shape per event, and must not grow the table forever. */
export const MAX_SHAPES_PER_TYPE = 1000;

export type ShapeCandidate = {
  /** The in-memory key (type name, producer name, shape hash joined), and its parts. */
  key: string;
  type: string;
  producer: string | null;
  typeId: number;
  producerId: number; // 0: unknown
  shapeHash: string;
  /** The summary of the first samples (redacted payload objects), and how many. */
  summary: Summary;
  samples: number;
  /** The stored sample (JSON text) of the first event. */
  example: string | null;
  /** When ingest first saw it (the batch's clock): its activation time, which orders shapes. */
  firstSeenMs: number;
};

/** One type's part of a group: its new shapes, and whether to recompute it even without any. */
export type TypeWork = { typeId: number; candidates: readonly ShapeCandidate[]; recompute: boolean };

export type RecordedShapes = {
  inserted: number;
  /** Over MAX_SHAPES_PER_TYPE: not stored (their keys are still marked known, so they stop coming). */
  skipped: number;
  recomputed: Map<number, Recomputed>;
};

type Existing = {
  event_type_id: number;
  shape_hash: string;
  producer_id: number;
  samples: number;
  expired: boolean;
};

// Every shape of the group's types, locked in key order (the order touch-shapes.ts locks in).
// Summaries are not read here: only a shape another process stored needs its own (rare).
const LOCK_SHAPES = `SELECT event_type_id, shape_hash, producer_id, samples, last_seen_at <= $2 AS expired
  FROM event_type_shapes WHERE event_type_id = ANY($1::int[])
  ORDER BY event_type_id, shape_hash, producer_id FOR UPDATE`;

const SUMMARIES = `SELECT s.event_type_id, s.shape_hash, s.producer_id, s.summary FROM event_type_shapes s
  JOIN unnest($1::int[], $2::text[], $3::int[]) AS k(t, h, p) ON s.event_type_id = k.t AND s.shape_hash = k.h AND s.producer_id = k.p`;

// Rows travel as one JSON document: summaries are nested JSON, which a text[] parameter would
// serialise twice and escape character by character.
// Activated when first seen, not when recorded: two shapes of a type recorded in one transaction
// (both new within the settle window) are still ordered by arrival (recompute-schema.ts).
const INSERT_SHAPES = `INSERT INTO event_type_shapes (event_type_id, shape_hash, producer_id, summary, samples, example, first_seen_at, last_seen_at, activated_at)
  SELECT r.t, r.h, r.p, r.s, r.n, r.e, r.a, greatest(r.a, $2), r.a
  FROM jsonb_to_recordset($1::jsonb) AS r(t int, h text, p int, s jsonb, n int, e jsonb, a timestamptz)`;

const EXTEND_SHAPES = `UPDATE event_type_shapes s SET summary = coalesce(r.s, s.summary), samples = s.samples + r.n,
    last_seen_at = greatest(s.last_seen_at, $2), activated_at = CASE WHEN r.x THEN $2 ELSE s.activated_at END
  FROM jsonb_to_recordset($1::jsonb) AS r(t int, h text, p int, s jsonb, n int, x boolean)
  WHERE s.event_type_id = r.t AND s.shape_hash = r.h AND s.producer_id = r.p`;

type Keyed = { t: number; h: string; p: number };
type StoredSummary = { event_type_id: number; shape_hash: string; producer_id: number; summary: Summary };

function keyOf(typeId: number, hash: string, producerId: number): string {
  return `${typeId}\0${hash}\0${producerId}`;
}

/** The stored example is JSON text already: parsed back so it nests in the rows' JSON document. */
function exampleValue(example: string | null): unknown {
  return example === null ? null : (JSON.parse(example) as unknown);
}

/** Records a group of types' candidate shapes in one transaction; `now` is the app's clock. */
export async function recordShapes(
  work: readonly TypeWork[],
  opts: { now: Date; ttlMs: number },
): Promise<RecordedShapes> {
  const typeIds = [...new Set(work.map((w) => w.typeId))].sort((a, b) => a - b);
  return withTransaction(async (client) => {
    await lockEventTypes(client, typeIds);
    const { rows } = await client.query<Existing>(LOCK_SHAPES, [
      typeIds,
      new Date(opts.now.getTime() - opts.ttlMs),
    ]);
    const existing = new Map(rows.map((r) => [keyOf(r.event_type_id, r.shape_hash, r.producer_id), r]));
    const perType = new Map<number, number>();
    for (const r of rows) perType.set(r.event_type_id, (perType.get(r.event_type_id) ?? 0) + 1);

    const inserts: (Keyed & { s: Summary; n: number; e: unknown; a: string })[] = [];
    const extensions: { c: ShapeCandidate; old: Existing; more: boolean }[] = [];
    const changed = new Set(work.filter((w) => w.recompute).map((w) => w.typeId));
    let skipped = 0;
    for (const w of work) {
      for (const c of w.candidates) {
        const old = existing.get(keyOf(c.typeId, c.shapeHash, c.producerId));
        if (old) {
          // Stored by another process or before a restart: more samples while it has few
          // (a candidate's are taken whole, so a shape may end with a few more than the cap).
          const more = old.samples < MAX_SHAPE_SAMPLES;
          if (!more && !old.expired) continue;
          extensions.push({ c, old, more });
        } else if ((perType.get(c.typeId) ?? 0) < MAX_SHAPES_PER_TYPE) {
          perType.set(c.typeId, (perType.get(c.typeId) ?? 0) + 1);
          const e = exampleValue(c.example);
          const a = new Date(c.firstSeenMs).toISOString();
          inserts.push({ t: c.typeId, h: c.shapeHash, p: c.producerId, s: c.summary, n: c.samples, e, a });
        } else {
          skipped++;
          continue;
        }
        changed.add(c.typeId);
      }
    }
    if (inserts.length > 0) await client.query(INSERT_SHAPES, [toJsonb(inserts), opts.now]);
    if (extensions.length > 0) await extendShapes(client, extensions, opts.now);
    const recomputed = await recomputeSchemas(client, [...changed], opts.now, opts.ttlMs);
    return { inserted: inserts.length, skipped, recomputed };
  });
}

async function extendShapes(
  client: pg.PoolClient,
  extensions: readonly { c: ShapeCandidate; old: Existing; more: boolean }[],
  now: Date,
): Promise<void> {
  const merging = extensions.filter((x) => x.more).map((x) => x.c);
  const { rows } =
    merging.length === 0
      ? { rows: [] as StoredSummary[] }
      : await client.query<StoredSummary>(SUMMARIES, [
          merging.map((c) => c.typeId),
          merging.map((c) => c.shapeHash),
          merging.map((c) => c.producerId),
        ]);
  const stored = new Map(rows.map((r) => [keyOf(r.event_type_id, r.shape_hash, r.producer_id), r.summary]));
  const updates = extensions.map(({ c, old, more }) => {
    const summary = more ? stored.get(keyOf(c.typeId, c.shapeHash, c.producerId)) : undefined;
    return {
      t: c.typeId,
      h: c.shapeHash,
      p: c.producerId,
      s: summary ? mergeSummaries(summary, c.summary) : null,
      n: summary ? c.samples : 0,
      x: old.expired,
    };
  });
  await client.query(EXTEND_SHAPES, [toJsonb(updates), now]);
}
