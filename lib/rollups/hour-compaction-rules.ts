// The rules shared by the hourly compaction (lib/rollups/compact-hours.ts), ingest (which marks
// late rows' hours dirty) and the readers (lib/rollups/rollup-rows.ts). No server-only imports:
// ingest's Rollups class is also used by the benchmarks.

/** The rollup_watermark row of the hourly compaction. */
export const HOUR_WATERMARK = "hour";
/** Minutes this recent may still receive rows (collector batches are seconds old); not compacted. */
export const COMPACTION_MARGIN_MS = 120_000;
/**
 * Ingest marks an hour dirty for rollup rows older than this: shorter than the margin, so a row
 * that lands below the watermark is always marked (30 s of clock difference tolerated).
 */
export const LATE_ROW_MS = 90_000;
export const HOUR_MS = 3_600_000;

/** The hours (start, ms) of the minutes older than LATE_ROW_MS before `nowMs`. */
export function lateHours(minutes: Iterable<number>, nowMs: number): number[] {
  const hours = new Set<number>();
  for (const m of minutes) if (m < nowMs - LATE_ROW_MS) hours.add(Math.floor(m / HOUR_MS) * HOUR_MS);
  return [...hours].sort((a, b) => a - b);
}
