// The shape worker's transaction for a group of event types: new payload shapes are stored with the
// summary of their samples, shapes stored by another process (or before a restart) take further
// samples while they have fewer than MAX_SHAPE_SAMPLES, an expired shape seen again is
// re-activated, and the types whose shapes changed are recomputed (recompute-schema.ts). A fixed
// number of statements per group: the worker's cost per new shape stays far below ingest's.
import { withTransaction } from "@/lib/db/client";
import { toJsonb } from "@/lib/ingest/payload-sample";
import { addSample, emptySummary, mergeSummaries, type Summary } from "@/lib/catalog/infer-schema";
import { recomputeSchemas, type Recomputed } from "@/lib/catalog/recompute-schema";
import { lockEventTypes } from "@/lib/catalog/type-lock";

/** Samples summarised per shape: enough for small enums and formats, few enough to stay cheap. */
export const MAX_SHAPE_SAMPLES = 20;
/** Shapes kept per type: a payload keyed by ids has a new shape per event, and must not grow the table forever. */
export const MAX_SHAPES_PER_TYPE = 1000;

export type ShapeCandidate = {
  /** The in-memory key (type name, producer name, shape hash). */
  key: string;
  typeId: number;
  producerId: number; // 0: unknown
  shapeHash: string;
  /** Redacted payload objects, at most MAX_SHAPE_SAMPLES. */
  samples: unknown[];
  /** The stored sample (JSON text) of the first event. */
  example: string | null;
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
  summary: Summary;
  expired: boolean;
};

// Every shape of the group's types, locked in key order (the order touch-shapes.ts locks in).
const LOCK_SHAPES = `SELECT event_type_id, shape_hash, producer_id, samples, summary, last_seen_at <= $2 AS expired
  FROM event_type_shapes WHERE event_type_id = ANY($1::int[])
  ORDER BY event_type_id, shape_hash, producer_id FOR UPDATE`;

const INSERT_SHAPES = `INSERT INTO event_type_shapes (event_type_id, shape_hash, producer_id, summary, samples, example, first_seen_at, last_seen_at, activated_at)
  SELECT t, h, p, s::jsonb, n, e::jsonb, $7, $7, $7
  FROM unnest($1::int[], $2::text[], $3::int[], $4::text[], $5::int[], $6::text[]) AS u(t, h, p, s, n, e)`;

const EXTEND_SHAPES = `UPDATE event_type_shapes s SET summary = u.s::jsonb, samples = s.samples + u.n,
    last_seen_at = greatest(s.last_seen_at, $7), activated_at = CASE WHEN u.x THEN $7 ELSE s.activated_at END
  FROM unnest($1::int[], $2::text[], $3::int[], $4::text[], $5::int[], $6::bool[]) AS u(t, h, p, s, n, x)
  WHERE s.event_type_id = u.t AND s.shape_hash = u.h AND s.producer_id = u.p`;

function summarise(samples: readonly unknown[]): Summary {
  const s = emptySummary();
  for (const v of samples) addSample(s, v);
  return s;
}

type Row = { typeId: number; hash: string; producerId: number; summary: Summary; samples: number };

function columns(rows: readonly Row[]): [number[], string[], number[], string[], number[]] {
  return [
    rows.map((r) => r.typeId),
    rows.map((r) => r.hash),
    rows.map((r) => r.producerId),
    rows.map((r) => toJsonb(r.summary)),
    rows.map((r) => r.samples),
  ];
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
    const existing = new Map(rows.map((r) => [`${r.event_type_id}\0${r.shape_hash}\0${r.producer_id}`, r]));
    const perType = new Map<number, number>();
    for (const r of rows) perType.set(r.event_type_id, (perType.get(r.event_type_id) ?? 0) + 1);

    const inserts: (Row & { example: string | null })[] = [];
    const extensions: (Row & { reactivate: boolean })[] = [];
    const changed = new Set(work.filter((w) => w.recompute).map((w) => w.typeId));
    let skipped = 0;
    for (const w of work) {
      for (const c of w.candidates) {
        const base = { typeId: c.typeId, hash: c.shapeHash, producerId: c.producerId };
        const old = existing.get(`${c.typeId}\0${c.shapeHash}\0${c.producerId}`);
        if (old) {
          const extra = c.samples.slice(0, Math.max(0, MAX_SHAPE_SAMPLES - old.samples));
          if (extra.length === 0 && !old.expired) continue;
          const summary = extra.length > 0 ? mergeSummaries(old.summary, summarise(extra)) : old.summary;
          extensions.push({ ...base, summary, samples: extra.length, reactivate: old.expired });
        } else if ((perType.get(c.typeId) ?? 0) < MAX_SHAPES_PER_TYPE) {
          perType.set(c.typeId, (perType.get(c.typeId) ?? 0) + 1);
          const samples = c.samples.slice(0, MAX_SHAPE_SAMPLES);
          inserts.push({ ...base, summary: summarise(samples), samples: samples.length, example: c.example });
        } else {
          skipped++;
          continue;
        }
        changed.add(c.typeId);
      }
    }
    if (inserts.length > 0)
      await client.query(INSERT_SHAPES, [...columns(inserts), inserts.map((r) => r.example), opts.now]);
    if (extensions.length > 0)
      await client.query(EXTEND_SHAPES, [
        ...columns(extensions),
        extensions.map((r) => r.reactivate),
        opts.now,
      ]);
    const recomputed = await recomputeSchemas(client, [...changed], opts.now, opts.ttlMs);
    return { inserted: inserts.length, skipped, recomputed };
  });
}
