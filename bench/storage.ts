// npm run bench:storage [-- --events 200000 --hours 6 --batch 1000 --keep]
// Storage per million events, and what retention costs. On a scratch database:
// 1. ingests `events` events (bench/generate-events.ts: ~1 kB nested payloads, headers, trace
//    context) spread over `hours` hours, each with one delivery, two spans (publish, process) and,
//    for 1 in 100, a dead letter with the full payload — events, deliveries and dead letters through
//    the real ingest path (ingestBody), spans through the OTLP path's storeSpans;
// 2. compacts the rollups into rollup_hour, VACUUM ANALYZEs, and prints per table the bytes on disk
//    (pg_total_relation_size: heap, TOAST and indexes; summed over partitions) per million events,
//    against the baseline of the same run: the JSON the collectors sent for them;
// 3. runs a retention pass with "now" moved past every raw row, and prints rows/s for dropping the
//    messages' daily partitions against batch-deleting deliveries and spans (not partitioned).
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { adminQuery } from "./admin-query";
import { tableSizes } from "./table-sizes";
import { generateEvents, mulberry32, SERVICES } from "./generate-events";
import { closeDatabase, pool, setDatabaseUrl } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { ingestBody } from "@/lib/ingest/ingest-batch";
import type { DeadLetterInput, DeliveryInput, EventInput } from "@/lib/ingest/schemas";
import { deleteExpired, RAW_EXPIRIES } from "@/lib/retention/delete-expired";
import { dropExpiredPartitions } from "@/lib/retention/drop-partitions";
import { runRetention } from "@/lib/retention/run-retention";
import { compactHours } from "@/lib/rollups/compact-hours";
import { databaseUrlFor } from "@/lib/testing/database-url";
import type { NormalizedSpan } from "@/lib/traces/normalize-spans";
import { storeSpans } from "@/lib/traces/store-spans";
import { openCliServer } from "@/server/cli/database";

const { values: args } = parseArgs({
  options: {
    events: { type: "string", default: "200000" },
    hours: { type: "string", default: "6" },
    batch: { type: "string", default: "1000" },
    keep: { type: "boolean", default: false },
  },
});
const EVENTS = Number(args.events);
const HOURS = Number(args.hours);
const BATCH = Number(args.batch);
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const TABLES = [
  ["messages", "messages (all partitions)"],
  ["deliveries", "deliveries"],
  ["spans", "spans"],
  ["traces", "traces"],
  ["rollup_minute", "rollup_minute"],
  ["rollup_hour", "rollup_hour"],
  ["latency_minute", "latency_minute"],
  ["latency_hour", "latency_hour"],
  ["dead_letters", "dead_letters"],
] as const;

type Batch = { body: string; spans: NormalizedSpan[]; inputBytes: number };

/** Batch `b` of the run: its events re-timed over the window, their deliveries, dead letters and spans. */
function makeBatch(runId: string, b: number, startMs: number): Batch {
  const from = b * BATCH;
  const count = Math.min(BATCH, EVENTS - from);
  const rand = mulberry32(7 + b);
  const events: EventInput[] = generateEvents(runId, from, count, EVENTS).map((e, k) => {
    const i = from + k;
    const published = startMs + Math.floor((i / EVENTS) * HOURS * HOUR_MS);
    const lag = Date.parse(String(e.observedAt)) - Date.parse(String(e.publishedAt));
    return {
      ...e,
      publishedAt: new Date(published).toISOString(),
      observedAt: new Date(published + lag).toISOString(),
    };
  });
  const deliveries: DeliveryInput[] = [];
  const deadLetters: DeadLetterInput[] = [];
  const spans: NormalizedSpan[] = [];
  for (const [k, e] of events.entries()) {
    const i = from + k;
    const published = Date.parse(String(e.publishedAt));
    const delivered = published + 5 + Math.floor(rand() * 45);
    const consumer = SERVICES[(i + 3) % SERVICES.length]!;
    deliveries.push({
      broker: e.broker,
      messageId: e.id,
      channel: e.channel,
      consumer,
      type: e.type,
      publishedAt: e.publishedAt,
      deliveredAt: new Date(delivered).toISOString(),
      ackedAt: new Date(delivered + 10 + Math.floor(rand() * 90)).toISOString(),
      outcome: i % 100 === 7 ? "nack" : "ack",
    });
    if (i % 100 === 7)
      deadLetters.push({
        id: `${e.id}-dl`,
        messageId: e.id,
        broker: e.broker,
        channel: `${e.channel}.dlq`,
        originalChannel: e.channel,
        type: e.type,
        producer: e.producer,
        reason: "rejected",
        error: `validation failed for ${e.id}: amount must be positive`,
        failedAt: new Date(delivered + 200).toISOString(),
        headers: e.headers,
        payload: JSON.stringify(e.payload),
        contentType: "application/json",
      });
    const span = (spanId: string, parent: string | null, name: string, service: string, start: number) => ({
      traceId: String(e.traceId),
      spanId,
      parentSpanId: parent,
      name,
      serviceName: service,
      kind: parent ? ("consumer" as const) : ("producer" as const),
      startMs: start,
      endMs: start + 3 + Math.floor(rand() * 20),
      statusCode: "unset" as const,
      statusMessage: null,
      attributes: { "messaging.message.id": e.id, "messaging.destination.name": e.channel },
      messageId: e.id,
      messagingSystem: "rabbitmq",
      destination: e.channel,
      operation: parent ? "process" : "publish",
      links: null,
      events: null,
      resource: { "service.name": service },
    });
    spans.push(span(String(e.spanId), null, `${e.channel} publish`, String(e.producer), published));
    spans.push(
      span(
        String(e.spanId).split("").reverse().join(""),
        String(e.spanId),
        `${e.channel} process`,
        consumer,
        delivered,
      ),
    );
  }
  const body = JSON.stringify({ events, deliveries, deadLetters });
  const spansJson = JSON.stringify(spans);
  return { body, spans, inputBytes: Buffer.byteLength(body) + Buffer.byteLength(spansJson) };
}

const mb = (n: number) => `${(n / 1_048_576).toFixed(1)} MB`;

async function main(): Promise<void> {
  const server = await openCliServer();
  const dbName = `es_bench_${randomBytes(4).toString("hex")}`;
  const url = databaseUrlFor(server.url, dbName);
  console.log(
    `database: ${dbName} on ${new URL(server.url).host} (${server.source}); ${EVENTS} events over ${HOURS} h, ` +
      `1 delivery and 2 spans each, 1 % dead-lettered; batches of ${BATCH}`,
  );
  await adminQuery(server.url, `CREATE DATABASE ${dbName}`);
  try {
    await migrate(url);
    setDatabaseUrl(url);
    const runId = randomBytes(3).toString("hex");
    // Ends 10 minutes ago: every hour is complete and compactable.
    const startMs = Date.now() - 10 * 60_000 - HOURS * HOUR_MS;
    let inputBytes = 0;
    let accepted = 0;
    const t0 = performance.now();
    for (let b = 0; b * BATCH < EVENTS; b++) {
      const batch = makeBatch(runId, b, startMs);
      inputBytes += batch.inputBytes;
      accepted += (await ingestBody(batch.body)).accepted;
      await storeSpans(batch.spans);
    }
    const ingestS = (performance.now() - t0) / 1000;
    console.log(`ingested ${accepted} items (events, deliveries, dead letters) in ${ingestS.toFixed(1)} s`);
    for (let i = 0; i < 10; i++) await compactHours();
    await pool().query("VACUUM ANALYZE");

    const s = await tableSizes(TABLES.map(([table]) => table));
    const perM = (bytes: number) => (bytes / EVENTS) * 1_000_000;
    console.log(`\nstorage per million events (${EVENTS} measured, scaled):`);
    console.log("table                        rows        on disk     per 1 M events   bytes/row");
    let total = 0;
    for (const [table, label] of TABLES) {
      const { bytes, rows } = s.get(table)!;
      total += bytes;
      console.log(
        `${label.padEnd(28)} ${String(rows).padStart(9)}  ${mb(bytes).padStart(10)}  ${mb(perM(bytes)).padStart(14)}  ${String(Math.round(bytes / Math.max(rows, 1))).padStart(9)}`,
      );
    }
    console.log(
      `${"total".padEnd(28)} ${"".padStart(9)}  ${mb(total).padStart(10)}  ${mb(perM(total)).padStart(14)}`,
    );
    console.log(
      `baseline: JSON sent for them ${mb(perM(inputBytes))} per 1 M events; ratio stored/sent ${(total / inputBytes).toFixed(2)}`,
    );
    const series = s.get("rollup_minute")!.rows / (HOURS * 60);
    console.log(
      `rollups grow with time × series, not events: ${series.toFixed(0)} series here → ` +
        `${mb((s.get("rollup_minute")!.bytes / HOURS) * 24)} of rollup_minute and ` +
        `${mb((s.get("rollup_hour")!.bytes / HOURS) * 24)} of rollup_hour per day`,
    );

    // Retention with every raw row expired: dropping the messages' partitions against
    // batch-deleting the same number of deliveries and spans, timed phase by phase.
    const cutoff = new Date(Date.now() + DAY_MS);
    const c = await pool().connect();
    try {
      const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
        const t = performance.now();
        const v = await fn();
        return [v, (performance.now() - t) / 1000];
      };
      const [drops, dropS] = await timed(() => dropExpiredPartitions(c, cutoff.getTime(), 2000));
      const [deliveries, delS] = await timed(() =>
        deleteExpired(
          c,
          RAW_EXPIRIES.find((e) => e.name === "deliveries")!,
          cutoff,
          10_000,
        ),
      );
      const [spans, spanS] = await timed(() =>
        deleteExpired(
          c,
          RAW_EXPIRIES.find((e) => e.name === "spans")!,
          cutoff,
          10_000,
        ),
      );
      // Deleted rows stay on disk as dead tuples until vacuumed: part of a delete's cost (a drop has none).
      const [, vacuumS] = await timed(() => c.query("VACUUM deliveries, spans"));
      const messages = s.get("messages")!.rows;
      const dropRate = messages / dropS;
      console.log(
        `\nretention, all raw data expired (${drops.dropped.length} daily partitions of messages):`,
      );
      console.log(
        `  messages   drop partitions  ${messages} rows in ${dropS.toFixed(3)} s  ${Math.round(dropRate)} rows/s`,
      );
      for (const [name, n, secs] of [
        ["deliveries", deliveries, delS],
        ["spans", spans, spanS],
      ] as const)
        console.log(
          `  ${name.padEnd(10)} batched delete   ${n} rows in ${secs.toFixed(3)} s  ${Math.round(n / secs)} rows/s  ` +
            `ratio delete/drop ${(n / secs / dropRate).toFixed(4)}`,
        );
      const deleted = deliveries + spans;
      console.log(
        `  then VACUUM deliveries, spans: ${vacuumS.toFixed(3)} s; delete + vacuum ${Math.round(deleted / (delS + spanS + vacuumS))} rows/s, ` +
          `ratio against the drop ${(deleted / (delS + spanS + vacuumS) / dropRate).toFixed(4)}`,
      );
    } finally {
      c.release();
    }
    const rest = await runRetention(
      {
        rawDays: 1,
        rollupMinuteDays: 3650,
        rollupHourDays: 3650,
        deadLetterDays: 3650,
        alertHistoryDays: 3650,
      },
      new Date(Date.now() + 2 * DAY_MS),
    );
    console.log(`  then a full pass: ${JSON.stringify(rest)}`);
  } finally {
    await closeDatabase();
    if (!args.keep) await adminQuery(server.url, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    else console.log(`kept database ${dbName}`);
    await server.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
