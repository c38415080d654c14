// npm run bench:dlq [-- --rows 1000000 --requests 20 --keep | --reuse <db>]
// What the DLQ page's queries cost with a million dead letters: writes `--rows` dead letters in bulk
// (INSERT … SELECT generate_series: 3 brokers, 6 DLQs, 300 failure groups of skewed sizes, error
// texts with ids and numbers, JSON payloads of ~250 bytes, 30 days of failures, 2 % discarded, ~1 %
// in flight: open items of a reprocess request),
// then times the read model's own functions (lib/dead-letters/*: the list's first page with its
// capped count, a filtered page, a page 10 000 rows deep on the cursor, the groups, the facets and
// free-text searches) — median and p95 of `--requests` runs each — beside the naive way in the
// same run (OFFSET paging, count(*) of everything, GROUP BY over the table). Groups and facets are
// timed twice: from the counts table (dead_letter_counts, the default filter) and from the
// aggregate over dead_letters' covering index that answered them before it (what a filter with a
// time range still gets). And what the counts' triggers cost the writes: a batch insert and a state
// change of 1 000 dead letters with the triggers and with them disabled, each rolled back. The
// ratios are the point: the machine is shared and noisy.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { adminQuery } from "./admin-query";
import { closeDatabase, pool, setDatabaseUrl } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { putInFlight } from "@/lib/testing/in-flight";
import { deadLetterFilterSchema } from "@/lib/dead-letters/filter";
import { listDeadLetters } from "@/lib/dead-letters/list-dead-letters";
import { listFacets } from "@/lib/dead-letters/list-facets";
import { listGroups } from "@/lib/dead-letters/list-groups";
import { deadLetterGroupsSchema, deadLetterListSchema } from "@/lib/dead-letters/schemas";
import { databaseUrlFor } from "@/lib/testing/database-url";
import { openCliServer } from "@/server/cli/database";

const { values: args } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    requests: { type: "string", default: "20" },
    keep: { type: "boolean", default: false },
    reuse: { type: "string" },
  },
});
const ROWS = Number(args.rows);
const REQUESTS = Number(args.requests);
const DEEP_ROWS = 10_000;

/** 15 error templates × 20 types; reason and template follow the group number g (0..299). */
const DIMENSIONS = `
INSERT INTO brokers (name, kind) VALUES ('rabbit', 'rabbitmq'), ('nats', 'nats'), ('redis', 'redis');
INSERT INTO channels (broker_id, name, kind, is_dead_letter)
  SELECT b.id, b.name || '.' || q || '.dlq', 'queue', true FROM brokers b, unnest(ARRAY['orders', 'payments']) q`;

const GENERATE = `
INSERT INTO dead_letters (id, broker_id, dedupe_key, message_id, channel_id, original_channel_id, event_type, producer,
    reason, error_text, attempts, first_failed_at, last_failed_at, headers, payload, content_type, state)
SELECT gen_random_uuid(), c.broker_id, 'k' || i, 'm' || i, c.id, NULL,
  'Type' || (g % 20), 'svc-' || (g % 7),
  (ARRAY['rejected', 'expired', 'max_deliveries', 'error', 'delivery_limit'])[1 + g % 5],
  CASE (g / 20) % 15
    WHEN 0 THEN format('Order %s failed: timeout after %s ms', i, i % 5000)
    WHEN 1 THEN format('Payment %s declined by provider (code %s)', md5(i::text), i % 97)
    WHEN 2 THEN format('Customer %s@example.com not found', i)
    WHEN 3 THEN format('Schema validation failed at $.lines[%s].qty: expected integer', i % 9)
    WHEN 4 THEN format('Connection refused to 10.0.%s.%s:5432', i % 255, i % 200)
    WHEN 5 THEN format('Deadlock detected on row %s', i)
    WHEN 6 THEN format('Inventory for sku-%s below zero (%s)', i % 1000, -(i % 50))
    WHEN 7 THEN format('Handler threw NullPointerException at line %s', 100 + i % 40)
    WHEN 8 THEN format('Duplicate key %s violates unique constraint', gen_random_uuid())
    WHEN 9 THEN format('Message expired after %s s in queue', i % 600)
    WHEN 10 THEN format('Rate limit exceeded: %s requests in %s s', i % 1000, 60)
    WHEN 11 THEN format('Upstream 503 from shipping-api after %s retries', i % 5)
    WHEN 12 THEN format('Cannot deserialize payload at offset %s', i % 4096)
    WHEN 13 THEN format('Tax rule %s missing for region EU-%s', i % 80, i % 27)
    ELSE format('Unknown failure %s', i)
  END,
  1 + i % 10,
  now() - (i % 2592000) * interval '1 second' - (i % 600) * interval '1 second',
  now() - (i % 2592000) * interval '1 second',
  '{"x-delivery-count": 3}'::jsonb,
  convert_to(format('{"orderId":"o-%s","customer":{"id":"c-%s","email":"c%s@example.com"},"lines":[{"sku":"sku-%s","qty":%s,"price":%s}],"total":%s,"currency":"EUR","note":"bench"}',
    i, i % 50000, i % 50000, i % 1000, 1 + i % 5, (i % 9000) / 100.0, (i % 90000) / 100.0), 'UTF8'),
  'application/json',
  CASE WHEN i % 50 = 0 THEN 'discarded' WHEN i % 33 = 0 THEN 'reprocessed' WHEN i % 37 = 0 THEN 'failed_again'
       ELSE 'pending' END
FROM generate_series(1, $1::int) i
CROSS JOIN LATERAL (SELECT floor(300 * power(((i::bigint * 7919) % 10007) / 10007.0, 2))::int AS g) gg
JOIN LATERAL (SELECT id, broker_id FROM channels WHERE is_dead_letter ORDER BY id OFFSET (i % 6) LIMIT 1) c ON true`;

function stats(times: number[]): { median: number; p95: number } {
  const s = [...times].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { median: at(0.5), p95: at(0.95) };
}

const results: { label: string; median: number; p95: number }[] = [];

async function timed(label: string, run: () => Promise<unknown>, requests = REQUESTS): Promise<number> {
  await run(); // warm the cache
  const times: number[] = [];
  for (let i = 0; i < requests; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  const s = stats(times);
  results.push({ label, ...s });
  console.log(
    `${label.padEnd(52)} median ${s.median.toFixed(1).padStart(8)} ms   p95 ${s.p95.toFixed(1).padStart(8)} ms`,
  );
  return s.median;
}

const list = (q: Record<string, string>) => listDeadLetters(deadLetterListSchema.parse(q));
/** A time range that holds every row: the same question, answered by the aggregate over dead_letters. */
const ALL_TIME = { from: "2000-01-01T00:00:00Z" };
const WRITE_ROWS = 1_000;

/** `sql` in a transaction that is rolled back, with the counts' triggers on or off. */
async function writeRolledBack(sql: string, triggers: boolean): Promise<void> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    if (!triggers) await client.query("ALTER TABLE dead_letters DISABLE TRIGGER USER");
    await client.query(sql);
  } finally {
    await client.query("ROLLBACK");
    client.release();
  }
}

async function measure(): Promise<void> {
  const db = pool();
  // The cursor of the page DEEP_ROWS in, reached by walking the real cursor.
  let cursor: string | undefined;
  for (let seen = 0; seen < DEEP_ROWS; seen += 200) {
    const page = await list({ limit: "200", ...(cursor ? { cursor } : {}) });
    cursor = page.nextCursor ?? undefined;
  }
  const somePayload = 'o-123457"';
  console.log(`\n${REQUESTS} runs each, after one warm-up run:\n`);
  const first = await timed("list: first page (+ capped count)", () => list({}));
  await timed("list: first page, sorted by attempts", () => list({ sort: "attempts" }));
  await timed("list: filtered (broker, reason, type)", () =>
    list({ broker: "nats", reason: "expired", type: "Type1" }),
  );
  const deep = await timed(`list: page ${DEEP_ROWS} rows deep (cursor)`, () => list({ cursor: cursor! }));
  const naiveDeep = await timed(`naive: OFFSET ${DEEP_ROWS} LIMIT 50`, () =>
    db.query(
      `SELECT d.id FROM dead_letters d WHERE d.state <> 'discarded' ORDER BY d.last_failed_at DESC, d.id DESC OFFSET ${DEEP_ROWS} LIMIT 50`,
    ),
  );
  const naiveCount = await timed("naive: count(*) of every non-discarded row", () =>
    db.query("SELECT count(*) FROM dead_letters WHERE state <> 'discarded'"),
  );
  const groups = await timed("groups (by count)", () => listGroups(deadLetterGroupsSchema.parse({})));
  await timed("groups (reason=error)", () => listGroups(deadLetterGroupsSchema.parse({ reason: "error" })));
  const groupsBefore = await timed("groups, from the index aggregate (before)", () =>
    listGroups(deadLetterGroupsSchema.parse(ALL_TIME)),
  );
  const naiveGroups = await timed("naive: GROUP BY over the table", () =>
    db.query(`SELECT group_id, event_type, reason, error_pattern, count(*), min(first_failed_at), max(last_failed_at),
                     array_agg(DISTINCT state), array_agg(DISTINCT channel_id)
              FROM dead_letters WHERE state <> 'discarded' GROUP BY 1, 2, 3, 4 ORDER BY 5 DESC LIMIT 100`),
  );
  const facets = await timed("facets", () => listFacets(deadLetterFilterSchema.parse({})));
  const facetsBefore = await timed("facets, from the index aggregate (before)", () =>
    listFacets(deadLetterFilterSchema.parse(ALL_TIME)),
  );
  // Writes: an ingest-sized batch of new dead letters (copies of existing rows, new keys) and a state
  // change like a reprocess's outcomes, of the newest pending rows (each holds its cell's newest bound,
  // so the triggers recount those cells: their worst case).
  const insert = `INSERT INTO dead_letters (id, broker_id, dedupe_key, message_id, channel_id, event_type, reason, error_text,
      first_failed_at, last_failed_at, payload, state)
    SELECT gen_random_uuid(), broker_id, 'w' || dedupe_key, message_id, channel_id, event_type, reason, error_text, first_failed_at,
      last_failed_at, payload, state FROM dead_letters ORDER BY last_failed_at DESC LIMIT ${WRITE_ROWS}`;
  const update = `UPDATE dead_letters SET state = 'reprocessed' WHERE id IN (
      SELECT id FROM dead_letters WHERE state = 'pending' ORDER BY last_failed_at DESC LIMIT ${WRITE_ROWS})`;
  const writes = Math.min(REQUESTS, 10);
  const ins = await timed(
    `write: insert ${WRITE_ROWS}, counts triggers on`,
    () => writeRolledBack(insert, true),
    writes,
  );
  const insOff = await timed(
    `write: insert ${WRITE_ROWS}, triggers off`,
    () => writeRolledBack(insert, false),
    writes,
  );
  const upd = await timed(
    `write: ${WRITE_ROWS} → reprocessed, triggers on`,
    () => writeRolledBack(update, true),
    writes,
  );
  const updOff = await timed(
    `write: ${WRITE_ROWS} → reprocessed, triggers off`,
    () => writeRolledBack(update, false),
    writes,
  );
  await timed("free text: rare (one order id)", () => list({ q: somePayload }));
  await timed('free text: common ("timeout")', () => list({ q: "timeout" }));
  console.log(
    `\nratios: deep page (cursor) vs OFFSET ${(naiveDeep / deep).toFixed(1)}× faster; ` +
      `first page with capped count vs count(*) alone ${(naiveCount / first).toFixed(1)}×; ` +
      `groups vs naive GROUP BY ${(naiveGroups / groups).toFixed(1)}×`,
  );
  console.log(
    `counts table: groups ${groupsBefore.toFixed(1)} → ${groups.toFixed(1)} ms (${(groupsBefore / groups).toFixed(1)}× faster), ` +
      `facets ${facetsBefore.toFixed(1)} → ${facets.toFixed(1)} ms (${(facetsBefore / facets).toFixed(1)}× faster); ` +
      `writes with its triggers: insert ${(ins / insOff).toFixed(2)}×, state change ${(upd / updOff).toFixed(2)}× the time without`,
  );
}

async function main() {
  const server = await openCliServer();
  const dbName = args.reuse ?? `es_bench_${randomBytes(4).toString("hex")}`;
  const url = databaseUrlFor(server.url, dbName);
  if (!args.reuse) await adminQuery(server.url, `CREATE DATABASE ${dbName}`);
  try {
    await migrate(url);
    setDatabaseUrl(url);
    if (!args.reuse) {
      const t = performance.now();
      await pool().query(DIMENSIONS);
      await pool().query(GENERATE, [ROWS]);
      // About 1 % in flight, as a running reprocess request leaves them: an open item each.
      await putInFlight({ where: "d.state = 'pending' AND substr(d.dedupe_key, 2)::int % 101 = 0" });
      // Autovacuum does this on its own after bulk inserts (PostgreSQL 13+); the groups' index-only
      // scan needs the visibility map it sets.
      await pool().query(
        "VACUUM ANALYZE dead_letters, dead_letter_counts, dead_letter_search, reprocess_items",
      );
      console.log(
        `wrote ${ROWS} dead letters in ${((performance.now() - t) / 1000).toFixed(1)} s (with VACUUM ANALYZE)`,
      );
    }
    const { rows } = await pool().query<{ n: number }>(
      "SELECT count(DISTINCT group_id)::int AS n FROM dead_letters",
    );
    console.log(`${rows[0]!.n} failure groups`);
    await measure();
  } finally {
    await closeDatabase();
    if (!args.keep && !args.reuse)
      await adminQuery(server.url, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    else console.log(`kept database ${dbName}`);
    await server.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
