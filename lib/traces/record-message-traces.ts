// After an ingest batch commits: the traces rows of the messages that carry a trace id, so a trace
// the collectors saw is found by search even when no app exports spans. One statement per batch,
// only when the batch has traced events or deliveries, fed only with rows that were new (a resent
// batch adds nothing). Events give the start (publish), the producer and the type; deliveries — whose
// trace id is their message's, found by its primary key within the same days as ingest's own lookup —
// give the consumers, the end (ack) and errors (nack, reject, expired). Never fails ingest.
import "server-only";
import { pool } from "@/lib/db/client";
import type { StoredBatch } from "@/lib/ingest/store-batch";
import { log } from "@/lib/log";
import { TRACE_COLUMNS, TRACE_MERGE } from "@/lib/traces/trace-upsert";

const ERROR_OUTCOMES = new Set(["nack", "reject", "expired"]);
const MAX_ATTEMPTS = 3;

const ms = (col: string) => `('epoch'::timestamptz + ${col} * interval '1 millisecond')`;

const RECORD = `WITH ev AS (
    SELECT * FROM unnest($1::text[], $2::int8[], $3::int8[], $4::int[], $5::text[], $6::text[])
      AS e(trace_id, pub, obs, type_id, producer, type_name)
  ), dl AS (
    SELECT m.trace_id, d.dv, COALESCE(d.ak, d.dv) AS ak, d.consumer, d.err
    FROM unnest($7::int[], $8::text[], $9::int8[], $10::int8[], $11::text[], $12::bool[], $13::int8[])
      AS d(b, id, dv, ak, consumer, err, p)
    CROSS JOIN LATERAL (
      SELECT trace_id FROM messages
      WHERE broker_id = d.b AND message_id = d.id AND trace_id IS NOT NULL
        AND published_at <= ${ms("d.dv")} + interval '1 day'
        AND published_at >= ${ms("d.dv")} - interval '7 days'
        AND (d.p IS NULL OR published_at = ${ms("d.p")})
      ORDER BY published_at DESC LIMIT 1) m
  ), all_rows AS (
    SELECT trace_id, ${ms("pub")} AS s, ${ms("GREATEST(pub, obs)")} AS e, 1 AS msgs, 0 AS errs, type_id,
      producer AS service, producer AS root_service, type_name AS root_name FROM ev
    UNION ALL
    SELECT trace_id, ${ms("dv")}, ${ms("GREATEST(dv, ak)")}, 0, err::int, NULL, consumer, NULL, NULL FROM dl
  ), per_trace AS (
    SELECT trace_id, min(s) AS started_at, max(e) AS ended_at,
      (array_agg(root_service ORDER BY s) FILTER (WHERE root_name IS NOT NULL))[1] AS root_service,
      (array_agg(root_name ORDER BY s) FILTER (WHERE root_name IS NOT NULL))[1] AS root_name,
      sum(msgs)::int AS message_count, sum(errs)::int AS error_count,
      COALESCE(array_agg(DISTINCT service) FILTER (WHERE service IS NOT NULL), '{}') AS services,
      COALESCE(array_agg(DISTINCT type_id) FILTER (WHERE type_id IS NOT NULL), '{}') AS event_type_ids
    FROM all_rows GROUP BY trace_id
  )
  INSERT INTO traces (${TRACE_COLUMNS})
  SELECT trace_id, started_at, ended_at, extract(epoch FROM ended_at - started_at) * 1000, root_service,
    root_name, 0, message_count, error_count, services, event_type_ids
  FROM per_trace ORDER BY trace_id
  ${TRACE_MERGE}`;

/** The statement's parameters for a stored batch; null when nothing in it carries a trace. */
export function messageTraceParams(stored: StoredBatch): unknown[] | null {
  const ev = { trace: [] as string[], pub: [] as number[], obs: [] as number[], type: [] as number[] };
  const producers: (string | null)[] = [];
  const typeNames: string[] = [];
  const { rows, typeIds } = stored.events;
  for (const i of stored.insertedEvents) {
    const r = rows[i]!;
    if (r.traceId === null) continue;
    ev.trace.push(r.traceId);
    ev.pub.push(r.publishedMs);
    ev.obs.push(r.observedMs);
    ev.type.push(typeIds[i]!);
    producers.push(r.producer);
    typeNames.push(r.type);
  }
  const d = stored.preparedDeliveries;
  const dl = {
    broker: [] as number[],
    id: [] as string[],
    dv: [] as number[],
    ak: [] as (number | null)[],
    consumer: [] as string[],
    err: [] as boolean[],
    pub: [] as (number | null)[],
  };
  for (const i of stored.insertedDeliveries.indexes) {
    const r = d.rows[i]!;
    dl.broker.push(d.brokerIds[i]!);
    dl.id.push(r.messageId);
    dl.dv.push(r.deliveredMs);
    dl.ak.push(r.ackedMs);
    dl.consumer.push(r.consumer);
    dl.err.push(ERROR_OUTCOMES.has(r.outcome));
    dl.pub.push(r.publishedMs);
  }
  if (ev.trace.length === 0 && dl.id.length === 0) return null;
  return [
    ev.trace,
    ev.pub,
    ev.obs,
    ev.type,
    producers,
    typeNames,
    dl.broker,
    dl.id,
    dl.dv,
    dl.ak,
    dl.consumer,
    dl.err,
    dl.pub,
  ];
}

/** Upserts the traces rows of a committed batch's traced messages. Never throws. */
export async function recordMessageTraces(stored: StoredBatch): Promise<void> {
  const params = messageTraceParams(stored);
  if (!params) return;
  for (let attempt = 1; ; attempt++) {
    try {
      await pool().query({ name: "es_traces_from_messages", text: RECORD, values: params });
      return;
    } catch (err) {
      const code = (err as { code?: string }).code ?? "";
      if ((code === "40P01" || code === "40001") && attempt < MAX_ATTEMPTS) continue;
      log.warn({ err }, "traces: could not record the batch's traced messages");
      return;
    }
  }
}
