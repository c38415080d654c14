// The shape worker's one transaction per event type: new payload shapes are stored with the summary
// of their samples, shapes stored by another process (or before a restart) take further samples
// while they have fewer than MAX_SHAPE_SAMPLES, an expired shape seen again is re-activated, and
// when any of that happened the type's schema is recomputed (recompute-schema.ts).
import { withTransaction } from "@/lib/db/client";
import { addSample, emptySummary, mergeSummaries, type Summary } from "@/lib/catalog/infer-schema";
import { recomputeSchema, type Recomputed } from "@/lib/catalog/recompute-schema";
import { lockEventType } from "@/lib/catalog/type-lock";

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

export type RecordedShapes = {
  inserted: number;
  /** Over MAX_SHAPES_PER_TYPE: not stored (their keys are still marked known, so they stop coming). */
  skipped: number;
  recomputed: Recomputed | null;
};

type Existing = {
  shape_hash: string;
  producer_id: number;
  samples: number;
  summary: Summary;
  expired: boolean;
};

function summarise(samples: readonly unknown[]): Summary {
  const s = emptySummary();
  for (const v of samples) addSample(s, v);
  return s;
}

/**
 * Records one type's candidate shapes (all of the same type) and, when the type's shapes changed or
 * `forceRecompute` is set (a shape came back), recomputes its schema. `now` is the app's clock.
 */
export async function recordShapes(
  typeId: number,
  candidates: readonly ShapeCandidate[],
  opts: { now: Date; ttlMs: number; forceRecompute?: boolean },
): Promise<RecordedShapes> {
  return withTransaction(async (client) => {
    await lockEventType(client, typeId);
    const expiredBefore = new Date(opts.now.getTime() - opts.ttlMs);
    const { rows } = await client.query<Existing>(
      `SELECT s.shape_hash, s.producer_id, s.samples, s.summary, s.last_seen_at <= $4 AS expired
       FROM event_type_shapes s JOIN unnest($2::text[], $3::int[]) AS k(h, p) ON s.shape_hash = k.h AND s.producer_id = k.p
       WHERE s.event_type_id = $1`,
      [typeId, candidates.map((c) => c.shapeHash), candidates.map((c) => c.producerId), expiredBefore],
    );
    const existing = new Map(rows.map((r) => [`${r.shape_hash}\0${r.producer_id}`, r]));
    let changed = opts.forceRecompute ?? false;
    let inserted = 0;
    let room = await roomFor(client, typeId, candidates.length - existing.size);
    for (const c of candidates) {
      const old = existing.get(`${c.shapeHash}\0${c.producerId}`);
      if (old) {
        changed = (await extendShape(client, typeId, c, old, opts.now)) || changed;
        continue;
      }
      if (room <= 0) continue;
      room--;
      const samples = c.samples.slice(0, MAX_SHAPE_SAMPLES);
      await client.query(
        `INSERT INTO event_type_shapes (event_type_id, shape_hash, producer_id, summary, samples, example, first_seen_at, last_seen_at, activated_at)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6::jsonb, $7, $7, $7)`,
        [
          typeId,
          c.shapeHash,
          c.producerId,
          JSON.stringify(summarise(samples)),
          samples.length,
          c.example,
          opts.now,
        ],
      );
      inserted++;
      changed = true;
    }
    const recomputed = changed ? await recomputeSchema(client, typeId, opts.now, opts.ttlMs) : null;
    const skipped = candidates.length - existing.size - inserted;
    return { inserted, skipped, recomputed };
  });
}

/** How many new shapes the type may still take (one count query only when there are new ones). */
async function roomFor(
  client: Parameters<typeof lockEventType>[0],
  typeId: number,
  wanted: number,
): Promise<number> {
  if (wanted <= 0) return 0;
  const { rows } = await client.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM event_type_shapes WHERE event_type_id = $1",
    [typeId],
  );
  return Math.max(0, MAX_SHAPES_PER_TYPE - rows[0]!.n);
}

/** A shape already stored: more samples while it has few, re-activation when it had expired. */
async function extendShape(
  client: Parameters<typeof lockEventType>[0],
  typeId: number,
  c: ShapeCandidate,
  old: Existing,
  now: Date,
): Promise<boolean> {
  const extra = c.samples.slice(0, Math.max(0, MAX_SHAPE_SAMPLES - old.samples));
  if (extra.length === 0 && !old.expired) return false;
  const summary = extra.length > 0 ? mergeSummaries(old.summary, summarise(extra)) : old.summary;
  await client.query(
    `UPDATE event_type_shapes SET summary = $4::jsonb, samples = samples + $5, last_seen_at = greatest(last_seen_at, $6),
       activated_at = CASE WHEN $7 THEN $6 ELSE activated_at END
     WHERE event_type_id = $1 AND shape_hash = $2 AND producer_id = $3`,
    [typeId, c.shapeHash, c.producerId, JSON.stringify(summary), extra.length, now, old.expired],
  );
  return true;
}
