// The catalog list's latency with 5 000 event types (issue 5's benchmark, second half):
//   npx tsx --conditions=react-server bench/catalog/list-latency.ts [--types 5000 --runs 40 --keep]
// (react-server: the list's read model is a server-only module, as Next loads it.)
// Seeds a scratch database — types with owners, tags, descriptions, links to 500 channels and 200
// services, inferred and registered versions, violations, drift, and 70 minutes of produce and
// consume rollups — then times listEventTypes (what GET /api/v1/event-types runs, minus HTTP) for
// several queries against a baseline measured in the same run: a plain
// `SELECT … FROM event_types ORDER BY name LIMIT 50`. Prints p50/p95 and each p50 over the baseline's.
import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { adminQuery } from "../admin-query";
import { listQuerySchema } from "@/lib/catalog/catalog-schemas";
import { forgetListCache } from "@/lib/catalog/list-cache";
import { listEventTypes } from "@/lib/catalog/list-event-types";
import { closeDatabase, pool, setDatabaseUrl } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { databaseUrlFor } from "@/lib/testing/database-url";
import { openCliServer } from "@/server/cli/database";

export type ListLatencyOptions = { types?: number; runs?: number; keep?: boolean };

// Seeded in SQL (setseed: every run seeds the same catalog), so seeding 5 000 types takes seconds.
const SEED = [
  "SELECT setseed(0.5)",
  `INSERT INTO brokers (name, kind) SELECT 'broker-' || b, 'rabbitmq' FROM generate_series(1, 3) b`,
  `INSERT INTO channels (broker_id, name)
     SELECT 1 + (c % 3), 'channel-' || c FROM generate_series(1, 500) c`,
  `INSERT INTO services (name) SELECT 'service-' || s FROM generate_series(1, 200) s`,
  `INSERT INTO event_types (name, description, owner, tags, last_seen_at)
     SELECT 'domain' || (t % 40) || '.Entity' || t || 'Happened',
            CASE WHEN t % 3 = 0 THEN 'What happens to entity ' || t ELSE NULL END,
            'team-' || (t % 50),
            (ARRAY(SELECT 'tag-' || ((t * k) % 20) FROM generate_series(1, t % 4) k)),
            now() - (random() * interval '2 days')
       FROM generate_series(1, $1::int) t`,
  `INSERT INTO event_type_links (event_type_id, channel_id, service_id, role)
     SELECT t.id, 1 + (t.id % 500), 1 + (t.id % 200), 'produce' FROM event_types t`,
  `INSERT INTO event_type_links (event_type_id, channel_id, service_id, role)
     SELECT t.id, 1 + (t.id % 500), 1 + ((t.id * k) % 200), 'consume'
       FROM event_types t, generate_series(1, 1 + (t.id % 2)) k ON CONFLICT DO NOTHING`,
  `INSERT INTO schema_versions (event_type_id, version, definition, fingerprint, source)
     SELECT t.id, v, jsonb_build_object('type', 'object', 'properties', jsonb_build_object('f' || v, '{"type":"string"}'::jsonb)),
            md5(t.id || '-' || v), 'inferred'
       FROM event_types t, generate_series(1, 1 + (t.id % 3)) v`,
  `UPDATE event_types t SET inferred_version = 1 + (t.id % 3)`,
  `INSERT INTO schema_versions (event_type_id, version, definition, fingerprint, source)
     SELECT t.id, 4, '{"type":"object"}', md5(t.id || '-r'), 'registered' FROM event_types t WHERE t.id % 10 < 3`,
  `UPDATE event_types t SET registered_version = 4,
          drift = CASE WHEN t.id % 10 = 0 THEN '{"registeredVersion":4,"inferredVersion":1,"changes":[]}'::jsonb END
    WHERE t.id % 10 < 3`,
  `INSERT INTO schema_violations (schema_version_id, event_type_id, path, keyword, message, count)
     SELECT v.id, v.event_type_id, '/f1', 'type', 'must be string', 1 + v.id % 50
       FROM schema_versions v WHERE v.source = 'registered' AND v.event_type_id % 20 = 0`,
  // 70 minutes: each link busy in about half of them.
  `INSERT INTO rollup_minute (minute, edge, channel_id, event_type_id, service_id, count, errors, bytes, latency)
     SELECT m, l.role, l.channel_id, l.event_type_id, l.service_id, 1 + floor(random() * 100)::int, 0, 0, '{0,0,3,5,1}'
       FROM event_type_links l,
            generate_series(date_trunc('minute', now()) - interval '70 minutes', date_trunc('minute', now()) - interval '1 minute', interval '1 minute') m
      WHERE random() < 0.5`,
];

async function seed(types: number): Promise<void> {
  for (const sql of SEED) await pool().query(sql, sql.includes("$1") ? [types] : []);
  await pool().query("VACUUM ANALYZE");
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function time(runs: number, fn: () => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < 5; i++) await fn(); // warm-up: plans, pool connections, JIT
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 0.5), p95: percentile(ms, 0.95) };
}

type Timing = { p50: number; p95: number };

function line(label: string, t: Timing, baseline: Timing, note?: string): void {
  const ms = (v: number) => `${v.toFixed(1).padStart(6)} ms`;
  console.log(
    `${label.padEnd(36)} p50 ${ms(t.p50)}  p95 ${ms(t.p95)}  ×${(t.p50 / baseline.p50).toFixed(1)} baseline${note ? `  (${note})` : ""}`,
  );
}

const QUERIES: [string, Record<string, string>][] = [
  ["default page (name)", {}],
  ["search q=Entity12", { q: "Entity12" }],
  ["sort=throughput", { sort: "throughput" }],
  ["sort=lastSeen", { sort: "lastSeen" }],
  ["filter producer=service-7", { producer: "service-7" }],
  ["filter tag=tag-3&drifted=true", { tag: "tag-3", drifted: "true" }],
  ["limit=200", { limit: "200" }],
];

export async function measureListLatency(opts: ListLatencyOptions = {}): Promise<void> {
  const types = opts.types ?? 5000;
  const runs = opts.runs ?? 40;
  const server = await openCliServer();
  const dbName = `es_bench_${randomBytes(4).toString("hex")}`;
  const url = databaseUrlFor(server.url, dbName);
  console.log(`catalog list latency: ${types} types, ${runs} runs per query; database ${dbName}`);
  await adminQuery(server.url, `CREATE DATABASE ${dbName}`);
  try {
    await migrate(url);
    setDatabaseUrl(url);
    const t0 = performance.now();
    await seed(types);
    const { rows } = await pool().query<{ links: number; rollups: number; versions: number }>(
      `SELECT (SELECT count(*) FROM event_type_links) AS links, (SELECT count(*) FROM rollup_minute) AS rollups,
              (SELECT count(*) FROM schema_versions) AS versions`,
    );
    console.log(
      `seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${rows[0]!.links} links, ${rows[0]!.versions} versions, ${rows[0]!.rollups} rollup rows`,
    );
    const baseline = await time(runs, () =>
      pool().query(
        `SELECT id, name, description, owner, tags, first_seen_at, last_seen_at, inferred_version,
                registered_version, compatibility FROM event_types ORDER BY name LIMIT 50`,
      ),
    );
    console.log(
      `baseline (plain SELECT … ORDER BY name LIMIT 50): p50 ${baseline.p50.toFixed(2)} ms, p95 ${baseline.p95.toFixed(2)} ms`,
    );
    // Cold: nothing cached, so the request itself computes the hour's counts and the facets
    // (once per minute and process in a running app; later requests are answered meanwhile).
    const defaults = listQuerySchema.parse({});
    const cold = await time(Math.min(runs, 10), async () => {
      forgetListCache();
      await listEventTypes(defaults);
    });
    line("cold (computes the hour's window)", cold, baseline);
    for (const [label, query] of QUERIES) {
      const q = listQuerySchema.parse(query);
      const first = await listEventTypes(q);
      line(
        label,
        await time(runs, () => listEventTypes(q)),
        baseline,
        `${first.total} match, ${first.items.length} shown`,
      );
    }
    // A page deep in the walk: the cursor of the 2 500th type by name.
    const deep = listQuerySchema.parse({ limit: "50" });
    let cursor: string | null = null;
    for (let i = 0; i < types / 100; i++)
      cursor = (await listEventTypes({ ...deep, cursor: cursor ?? undefined })).nextCursor;
    const deepQ = { ...deep, cursor: cursor ?? undefined };
    line(`page ${types / 100 + 1} by cursor (name)`, await time(runs, () => listEventTypes(deepQ)), baseline);
  } finally {
    await closeDatabase();
    if (!opts.keep) await adminQuery(server.url, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    else console.log(`kept database ${dbName}`);
    await server.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({
    options: {
      types: { type: "string", default: "5000" },
      runs: { type: "string", default: "40" },
      keep: { type: "boolean", default: false },
    },
  });
  measureListLatency({ types: Number(values.types), runs: Number(values.runs), keep: values.keep }).catch(
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
