// Per-minute rollups of the rows a batch actually inserted (never of duplicates, so a resent batch
// changes nothing): count, errors, bytes and a latency histogram per minute × edge × channel ×
// event type × service, upserted in one statement, sorted by key so concurrent batches lock rows
// in the same order.
import type pg from "pg";
import { addToHistogram, histogramLiteral } from "@/lib/latency/buckets";
import { lateHours } from "@/lib/rollups/hour-compaction-rules";

export type Edge = "produce" | "consume" | "dead_letter";

type Acc = {
  minute: number;
  edge: Edge;
  channelId: number;
  typeId: number;
  serviceId: number;
  count: number;
  errors: number;
  bytes: number;
  hist: number[];
  processHist: number[];
  e2eHist: number[];
};

const MINUTE_MS = 60_000;

export class Rollups {
  private readonly rows = new Map<string, Acc>();

  /**
   * Adds one stored row; a latency null when unknown (no histogram entry). processMs (deliver →
   * ack) and e2eMs (publish → ack) only on consume edges.
   */
  add(
    atMs: number,
    edge: Edge,
    channelId: number,
    typeId: number,
    serviceId: number,
    bytes: number,
    error: boolean,
    latencyMs: number | null,
    processMs: number | null = null,
    e2eMs: number | null = null,
  ): void {
    const minute = Math.floor(atMs / MINUTE_MS) * MINUTE_MS;
    const key = `${minute}\0${edge}\0${channelId}\0${typeId}\0${serviceId}`;
    let acc = this.rows.get(key);
    if (!acc) {
      acc = {
        minute,
        edge,
        channelId,
        typeId,
        serviceId,
        count: 0,
        errors: 0,
        bytes: 0,
        hist: [],
        processHist: [],
        e2eHist: [],
      };
      this.rows.set(key, acc);
    }
    acc.count++;
    acc.bytes += bytes;
    if (error) acc.errors++;
    if (latencyMs !== null) addToHistogram(acc.hist, latencyMs);
    if (processMs !== null) addToHistogram(acc.processHist, processMs);
    if (e2eMs !== null) addToHistogram(acc.e2eHist, e2eMs);
  }

  get size(): number {
    return this.rows.size;
  }

  /** Rows in primary-key order (minute, edge, channel, type, service). */
  sorted(): Acc[] {
    return [...this.rows.values()].sort(
      (a, b) =>
        a.minute - b.minute ||
        (a.edge < b.edge ? -1 : a.edge > b.edge ? 1 : 0) ||
        a.channelId - b.channelId ||
        a.typeId - b.typeId ||
        a.serviceId - b.serviceId,
    );
  }

  async upsert(client: pg.PoolClient): Promise<void> {
    if (this.rows.size === 0) return;
    const rows = this.sorted();
    await client.query({
      name: "es_ingest_rollups",
      text: `INSERT INTO rollup_minute AS r (minute, edge, channel_id, event_type_id, service_id, count, errors, bytes, latency, process_latency, e2e_latency)
             SELECT 'epoch'::timestamptz + u.m * interval '1 millisecond', u.e, u.c, u.t, u.s, u.n, u.er, u.b, u.l::int[], u.pl::int[], u.el::int[]
             FROM unnest($1::int8[], $2::text[], $3::int[], $4::int[], $5::int[], $6::int8[], $7::int8[], $8::int8[], $9::text[], $10::text[], $11::text[])
               AS u(m, e, c, t, s, n, er, b, l, pl, el)
             ON CONFLICT (minute, edge, channel_id, event_type_id, service_id) DO UPDATE SET
               count = r.count + EXCLUDED.count,
               errors = r.errors + EXCLUDED.errors,
               bytes = r.bytes + EXCLUDED.bytes,
               latency = es_hist_add(r.latency, EXCLUDED.latency),
               process_latency = es_hist_add(r.process_latency, EXCLUDED.process_latency),
               e2e_latency = es_hist_add(r.e2e_latency, EXCLUDED.e2e_latency)`,
      values: [
        rows.map((r) => r.minute),
        rows.map((r) => r.edge),
        rows.map((r) => r.channelId),
        rows.map((r) => r.typeId),
        rows.map((r) => r.serviceId),
        rows.map((r) => r.count),
        rows.map((r) => r.errors),
        rows.map((r) => r.bytes),
        rows.map((r) => histogramLiteral(r.hist)),
        rows.map((r) => histogramLiteral(r.processHist)),
        rows.map((r) => histogramLiteral(r.e2eHist)),
      ],
    });
    // Late rows (a replayed outbox, an old batch) may land in hours already compacted into
    // rollup_hour: those hours are recomputed by the next compaction. In the same transaction, so
    // the mark commits with the rows.
    const late = lateHours(
      rows.map((r) => r.minute),
      Date.now(),
    );
    if (late.length > 0)
      await client.query({
        name: "es_ingest_late_hours",
        text: `INSERT INTO rollup_hour_dirty (hour)
               SELECT 'epoch'::timestamptz + h * interval '1 millisecond' FROM unnest($1::int8[]) AS h
               ON CONFLICT DO NOTHING`,
        values: [late],
      });
  }
}
