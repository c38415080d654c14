// npx tsx --conditions=react-server bench/latency-query.ts [-- --days 7 --channels 10 --services 2 --rounds 3 --keep]
// What the Latency page's query costs over a week of rollups, and which way of merging histograms
// to use: (a) unnest every row's bucket array and sum per (step, bucket) in one hash aggregate
// (what lib/latency/query-latency.ts does), against (b) es_hist_sum per step (the SQL aggregate
// folding es_hist_add row by row). Fills a scratch database with synthetic consume-edge rollups
// (one row per minute × channel × service, ~40 non-zero buckets each), then times both for the
// whole system, one event type, and one event type over the last hour, and prints EXPLAIN of the
// scoped query so the index it uses can be read.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { adminQuery } from "./admin-query";
import { closeDatabase, pool, setDatabaseUrl } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { countsSql, histogramsSql, type ResolvedScope } from "@/lib/latency/query-latency";
import { resolveWindow, type Window } from "@/lib/latency/window";
import { databaseUrlFor } from "@/lib/testing/database-url";
import { openCliServer } from "@/server/cli/database";

const { values: args } = parseArgs({
  options: {
    days: { type: "string", default: "7" },
    channels: { type: "string", default: "10" },
    services: { type: "string", default: "2" },
    rounds: { type: "string", default: "3" },
    keep: { type: "boolean", default: false },
  },
});

/** (b): the same series with es_hist_sum per step instead of the unnest aggregate. */
function esHistSumSql(scope: ResolvedScope, w: Window) {
  const q = histogramsSql(scope, w, "e2e");
  const text = q.text
    .replace(/\(u\.i - 1\)::int AS i, sum\(u\.n\)::bigint AS n/, "es_hist_sum(r.e2e_latency) AS h")
    .replace(/ CROSS JOIN LATERAL unnest\(r\.e2e_latency\) WITH ORDINALITY AS u\(n, i\)/, "")
    .replace(/ AND u\.n > 0 GROUP BY 1, 2/, " GROUP BY 1");
  return { text, values: q.values };
}

async function timed(label: string, run: () => Promise<unknown>, rounds: number): Promise<number> {
  await run(); // warm the cache
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  const best = Math.min(...times);
  console.log(`${label.padEnd(44)} best ${best.toFixed(0).padStart(6)} ms of ${rounds}`);
  return best;
}

async function main() {
  const server = await openCliServer();
  const dbName = `es_bench_${randomBytes(4).toString("hex")}`;
  const url = databaseUrlFor(server.url, dbName);
  await adminQuery(server.url, `CREATE DATABASE ${dbName}`);
  try {
    await migrate(url);
    setDatabaseUrl(url);
    const db = pool();
    const days = Number(args.days);
    const t0 = performance.now();
    await db.query(
      `INSERT INTO rollup_minute (minute, edge, channel_id, event_type_id, service_id, count, errors, latency, process_latency, e2e_latency)
       SELECT m, 'consume', c, c, s, 60, 1, h, h, h
       FROM generate_series(date_trunc('minute', now()) - make_interval(days => $1::int), date_trunc('minute', now()), interval '1 minute') m,
            generate_series(1, $2::int) c, generate_series(1, $3::int) s,
            LATERAL (SELECT array_agg(CASE WHEN i > 120 + c AND i <= 160 + c THEN (random() * 5)::int ELSE 0 END ORDER BY i) AS h
                     FROM generate_series(1, 220) i WHERE m IS NOT NULL) x`,
      [days, Number(args.channels), Number(args.services)],
    );
    await db.query("VACUUM ANALYZE rollup_minute");
    const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM rollup_minute");
    console.log(
      `${rows[0]!.n} rollup rows over ${days} days, filled in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
    );

    const rounds = Number(args.rounds);
    const now = Date.now();
    const week = resolveWindow({ fromMs: now - days * 86_400_000, toMs: now }, now);
    const hour = resolveWindow({ range: "1h" }, now);
    const all: ResolvedScope = { edge: "consume", typeId: null, channelId: null, serviceId: null };
    const one: ResolvedScope = { ...all, typeId: 3 };
    for (const [label, scope, w] of [
      [`all types, ${days} d`, all, week],
      [`one type, ${days} d`, one, week],
      ["one type, 1 h", one, hour],
    ] as const) {
      const a = await timed(
        `${label}: unnest + sum (a)`,
        () => db.query(histogramsSql(scope, w, "e2e")),
        rounds,
      );
      const b = await timed(`${label}: es_hist_sum (b)`, () => db.query(esHistSumSql(scope, w)), rounds);
      await timed(`${label}: counts`, () => db.query(countsSql(scope, w)), rounds);
      console.log(`${label}: ratio es_hist_sum / unnest = ${(b / a).toFixed(2)}\n`);
    }
    const plan = await db.query<{ "QUERY PLAN": string }>({
      text: `EXPLAIN ${histogramsSql(one, week, "e2e").text}`,
      values: histogramsSql(one, week, "e2e").values,
    });
    console.log(`EXPLAIN (one type, ${days} d):\n${plan.rows.map((r) => r["QUERY PLAN"]).join("\n")}\n`);
    const planAll = await db.query<{ "QUERY PLAN": string }>({
      text: `EXPLAIN ${countsSql(all, hour).text}`,
      values: countsSql(all, hour).values,
    });
    console.log(`EXPLAIN counts (all, 1 h):\n${planAll.rows.map((r) => r["QUERY PLAN"]).join("\n")}`);
  } finally {
    await closeDatabase();
    if (!args.keep) await adminQuery(server.url, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await server.close();
  }
}

await main();
