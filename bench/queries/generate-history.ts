// Seven days of stored traffic, written in bulk for the query benchmark: messages and their
// deliveries COPYed straight into the tables (ingest's own speed is bench:ingest's business), the
// per-minute rollups built by ingest's own Rollups class from the same rows, and one traces row per
// trace. Seeded: the same arguments give the same history.
//
// Topology: 40 event types on 12 channels, each produced by one of 12 services and consumed by 1–3
// others; one consumer ("reporting") is slow, 2 % of deliveries are nacked. Broker time is about
// 1–20 ms, publish → deliver a few ms to seconds, processing 2–200 ms.
import { finished } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { CHANNELS as INGEST_CHANNELS, SERVICES as INGEST_SERVICES, mulberry32 } from "../generate-events";
import { Rollups } from "@/lib/ingest/rollups";
import { HOUR_MS } from "@/lib/rollups/hour-compaction-rules";

/** bench:ingest's channels and services, and a few more. */
export const CHANNELS = [...INGEST_CHANNELS, "search", "loyalty"];
export const SERVICES = [...INGEST_SERVICES, "search-indexer", "loyalty", "analytics", "reporting"];
const SLOW_CONSUMER = SERVICES.indexOf("reporting");

export type TypeSpec = { name: string; channel: number; producer: number; consumers: number[] };

/** 40 types: type k on channel k mod 12, produced by service k mod 12, consumed by 1–3 others. */
export function typeSpecs(): TypeSpec[] {
  const rand = mulberry32(7);
  return Array.from({ length: 40 }, (_, k) => {
    const producer = k % SERVICES.length;
    const consumers = new Set<number>();
    const n = 1 + Math.floor(rand() * 3);
    while (consumers.size < n) {
      const c = Math.floor(rand() * SERVICES.length);
      if (c !== producer) consumers.add(c);
    }
    if (k % 5 === 0 && producer !== SLOW_CONSUMER) consumers.add(SLOW_CONSUMER);
    return { name: `Bench.Event${k}`, channel: k % CHANNELS.length, producer, consumers: [...consumers] };
  });
}

export type Ids = { broker: number; channels: number[]; services: number[]; types: number[] };

/** Broker, channels (and a DLQ each), services and event types; their ids in spec order. */
export async function createDimensions(c: pg.Client, specs: TypeSpec[]): Promise<Ids> {
  const broker = (
    await c.query<{ id: number }>(
      `INSERT INTO brokers (name, kind) VALUES ('bench', 'rabbitmq') RETURNING id`,
    )
  ).rows[0]!.id;
  const channels: number[] = [];
  for (const name of CHANNELS) {
    const id = (
      await c.query<{ id: number }>(
        `INSERT INTO channels (broker_id, name, kind) VALUES ($1, $2, 'queue') RETURNING id`,
        [broker, name],
      )
    ).rows[0]!.id;
    await c.query(
      `INSERT INTO channels (broker_id, name, kind, is_dead_letter, dead_letter_of_id) VALUES ($1, $2, 'queue', true, $3)`,
      [broker, `${name}.dlq`, id],
    );
    channels.push(id);
  }
  const services: number[] = [];
  for (const name of SERVICES)
    services.push(
      (await c.query<{ id: number }>(`INSERT INTO services (name) VALUES ($1) RETURNING id`, [name])).rows[0]!
        .id,
    );
  const types: number[] = [];
  for (const t of specs)
    types.push(
      (await c.query<{ id: number }>(`INSERT INTO event_types (name) VALUES ($1) RETURNING id`, [t.name]))
        .rows[0]!.id,
    );
  return { broker, channels, services, types };
}

/** A log-normal sample around `medianMs` (sigma in log space). */
function logNormal(rand: () => number, medianMs: number, sigma: number): number {
  const u = Math.max(rand(), 1e-12);
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  return medianMs * Math.exp(sigma * z);
}

const iso = (ms: number) => new Date(ms).toISOString();

async function copy(c: pg.Client, table: string, columns: string, text: string): Promise<void> {
  const stream = c.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN`));
  stream.end(Buffer.from(text));
  await finished(stream);
}

export type History = { events: number; deliveries: number; fromMs: number; toMs: number };

/**
 * `events` messages spread evenly over the `days` before `endMs`, with their deliveries and the
 * rollups; reports progress through `progress` about once per simulated day.
 */
export async function writeHistory(
  c: pg.Client,
  ids: Ids,
  specs: TypeSpec[],
  opts: { events: number; days: number; endMs: number; progress: (line: string) => void },
): Promise<History> {
  const rand = mulberry32(42);
  const fromMs = opts.endMs - opts.days * 24 * HOUR_MS;
  const stepMs = (opts.endMs - fromMs) / opts.events;
  // Zipf-ish popularity: a few types carry most of the traffic, as in real systems.
  const weights = specs.map((_, k) => 1 / (1 + k) ** 0.8);
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  weights.reduce((acc, w, k) => (cumulative[k] = acc + w / total), 0);
  const pickType = () => {
    const r = rand();
    let k = 0;
    while (k < cumulative.length - 1 && cumulative[k]! < r) k++;
    return k;
  };

  let rollups = new Rollups();
  let rollupHour = Math.floor(fromMs / HOUR_MS);
  let messages: string[] = [];
  let deliveries: string[] = [];
  let deliveryCount = 0;
  let nextReportDay = 1;
  const flush = async () => {
    if (messages.length) {
      await copy(
        c,
        "messages",
        "broker_id, message_id, published_at, observed_at, channel_id, event_type_id, producer_id, size, trace_id, span_id",
        messages.join(""),
      );
      messages = [];
    }
    if (deliveries.length) {
      await copy(
        c,
        "deliveries",
        "broker_id, message_id, consumer_id, attempt, channel_id, delivered_at, acked_at, outcome",
        deliveries.join(""),
      );
      deliveries = [];
    }
  };
  const flushRollups = async () => {
    // Rollups.upsert takes a pool client; a plain client has the same query().
    await rollups.upsert(c as unknown as pg.PoolClient);
    rollups = new Rollups();
  };

  for (let i = 0; i < opts.events; i++) {
    const publishedMs = Math.floor(fromMs + i * stepMs);
    const hour = Math.floor(publishedMs / HOUR_MS);
    if (hour !== rollupHour) {
      await flush();
      await flushRollups();
      rollupHour = hour;
      const day = Math.floor((publishedMs - fromMs) / (24 * HOUR_MS));
      if (day >= nextReportDay) {
        opts.progress(`  day ${day} of ${opts.days}: ${i} events, ${deliveryCount} deliveries`);
        nextReportDay = day + 1;
      }
    }
    const k = pickType();
    const t = specs[k]!;
    const id = `m${i}`;
    const traceId = (Math.floor(i / 3) + 1).toString(16).padStart(32, "0");
    const spanId = (i + 1).toString(16).padStart(16, "0");
    const brokerMs = logNormal(rand, 4, 0.6);
    const size = 300 + Math.floor(rand() * 1200);
    const channel = ids.channels[t.channel]!;
    messages.push(
      `${ids.broker}\t${id}\t${iso(publishedMs)}\t${iso(publishedMs + brokerMs)}\t${channel}\t${ids.types[k]}\t${ids.services[t.producer]}\t${size}\t${traceId}\t${spanId}\n`,
    );
    rollups.add(
      publishedMs,
      "produce",
      channel,
      ids.types[k]!,
      ids.services[t.producer]!,
      size,
      false,
      brokerMs,
    );
    for (const consumer of t.consumers) {
      const slow = consumer === SLOW_CONSUMER;
      const deliverMs = brokerMs + logNormal(rand, slow ? 400 : 8, slow ? 0.9 : 0.7);
      const processMs = logNormal(rand, slow ? 120 : 15, 0.8);
      const nack = rand() < 0.02;
      const deliveredAt = publishedMs + deliverMs;
      const ackedAt = deliveredAt + processMs;
      deliveries.push(
        `${ids.broker}\t${id}\t${ids.services[consumer]}\t1\t${channel}\t${iso(deliveredAt)}\t${iso(ackedAt)}\t${nack ? "nack" : "ack"}\n`,
      );
      rollups.add(
        deliveredAt,
        "consume",
        channel,
        ids.types[k]!,
        ids.services[consumer]!,
        0,
        nack,
        deliverMs,
        processMs,
        deliverMs + processMs,
      );
      deliveryCount++;
    }
    if (messages.length >= 20_000) await flush();
  }
  await flush();
  await flushRollups();
  return { events: opts.events, deliveries: deliveryCount, fromMs, toMs: opts.endMs };
}

/** One traces row per trace (three messages each), as ingest keeps them: built from the messages. */
export async function writeTraces(c: pg.Client): Promise<number> {
  const { rowCount } = await c.query(
    `INSERT INTO traces (trace_id, started_at, ended_at, duration_ms, root_service, message_count, services, event_type_ids)
     SELECT m.trace_id, min(m.published_at), max(m.observed_at),
            extract(epoch FROM max(m.observed_at) - min(m.published_at)) * 1000,
            (array_agg(s.name ORDER BY m.published_at))[1], count(*),
            array_agg(DISTINCT s.name), array_agg(DISTINCT m.event_type_id)
     FROM messages m JOIN services s ON s.id = m.producer_id
     GROUP BY m.trace_id`,
  );
  return rowCount ?? 0;
}
