// npm run bench:alerts [-- --events 10000000 --days 7 --rules 1000 --cycles 10 --naive-rules 100 --keep | --reuse <db>]
// What one alert evaluation cycle costs: ≥ 10 million stored events over 7 days (bench:queries'
// bulk history, bench/queries/generate-history.ts), 1 000 rules of every kind over its topology
// (bench/alerts/bench-rules.ts), then lib/alerts/evaluate-rules.ts run `--cycles` times at the end
// of the history, 15 s apart — the first (cold: every instance created) timed apart — and beside
// it the same rules' values computed naively from the raw rows (bench/alerts/naive.ts), one
// statement per rule, for the first `--naive-rules` rules and scaled to all of them. Target: a
// cycle ≤ 1 s. `--keep` keeps the scratch database; `--reuse <name>` measures a kept one again.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import pg from "pg";
import { adminQuery } from "./admin-query";
import { benchRules } from "./alerts/bench-rules";
import { runNaive } from "./alerts/naive";
import { createDimensions, typeSpecs, writeHistory } from "./queries/generate-history";
import { evaluateRules } from "@/lib/alerts/evaluate-rules";
import { createRule } from "@/lib/alerts/manage-rules";
import { closeDatabase, pool, setDatabaseUrl } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { databaseUrlFor } from "@/lib/testing/database-url";
import { openCliServer } from "@/server/cli/database";

const { values: args } = parseArgs({
  options: {
    events: { type: "string", default: "10000000" },
    days: { type: "string", default: "7" },
    rules: { type: "string", default: "1000" },
    cycles: { type: "string", default: "10" },
    "naive-rules": { type: "string", default: "100" },
    keep: { type: "boolean", default: false },
    reuse: { type: "string" },
  },
});
const DAY_MS = 86_400_000;
const secs = (ms: number) => (ms / 1000).toFixed(1);

async function generate(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const endMs = Date.now();
    const days = Number(args.days);
    const from = new Date(endMs - days * DAY_MS).toISOString().slice(0, 10);
    const to = new Date(endMs + DAY_MS).toISOString().slice(0, 10);
    await c.query(`SELECT es_ensure_message_partitions($1::date, $2::date)`, [from, to]);
    const specs = typeSpecs();
    const ids = await createDimensions(c, specs);
    const t0 = performance.now();
    const h = await writeHistory(c, ids, specs, {
      events: Number(args.events),
      days,
      endMs,
      progress: (line) => console.log(line),
    });
    await c.query("ANALYZE");
    console.log(
      `generated ${h.events} events and ${h.deliveries} deliveries in ${secs(performance.now() - t0)} s`,
    );
  } finally {
    await c.end();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

async function main(): Promise<void> {
  const server = await openCliServer();
  const dbName = args.reuse ?? `es_bench_al_${randomBytes(4).toString("hex")}`;
  const url = databaseUrlFor(server.url, dbName);
  console.log(`database: ${dbName} on ${new URL(server.url).host} (${server.source})`);
  try {
    if (!args.reuse) {
      await adminQuery(server.url, `CREATE DATABASE ${dbName}`);
      await migrate(url);
      await generate(url);
    }
    await migrate(url);
    setDatabaseUrl(url);
    const db = pool();
    const { rows: size } = await db.query<{ events: number; rollups: number; end: Date }>(
      `SELECT (SELECT count(*) FROM messages)::int8 AS events, (SELECT count(*) FROM rollup_minute)::int8 AS rollups,
              (SELECT max(minute) FROM rollup_minute) AS end`,
    );
    const { events, rollups, end } = size[0]!;
    // The clock of the cycles: just after the history's last minute, so every window holds traffic.
    const endMs = end.getTime() + 60_000;
    console.log(`${events} stored events, ${rollups} rollup_minute rows, history ends ${end.toISOString()}`);

    await db.query("DELETE FROM alert_rules");
    const specs = benchRules(Number(args.rules));
    for (const s of specs) await createRule(s, { userId: null, label: "bench" });
    const kinds = new Map<string, number>();
    for (const s of specs) kinds.set(s.kind, (kinds.get(s.kind) ?? 0) + 1);
    console.log(`${specs.length} rules: ${[...kinds].map(([k, n]) => `${n} ${k}`).join(", ")}`);

    const times: number[] = [];
    let transitions = 0;
    for (let i = 0; i <= Number(args.cycles); i++) {
      const t = performance.now();
      const c = await evaluateRules(endMs + i * 15_000);
      times.push(performance.now() - t);
      if ("skipped" in c) throw new Error("the evaluator's lock is held elsewhere");
      transitions += c.transitions.length;
    }
    const [cold, ...warm] = times;
    const { rows: states } = await db.query<{ state: string; n: number }>(
      "SELECT state, count(*)::int AS n FROM alert_instances GROUP BY state ORDER BY state",
    );
    console.log(
      `instances: ${states.map((s) => `${s.n} ${s.state}`).join(", ")} (${transitions} transitions)`,
    );

    const naiveCount = Math.min(Number(args["naive-rules"]), specs.length);
    const c = new pg.Client({ connectionString: url, options: "-c jit=off" });
    await c.connect();
    let naiveMs: number;
    try {
      naiveMs = await runNaive(c, specs.slice(0, naiveCount), endMs);
    } finally {
      await c.end();
    }
    const naiveAll = (naiveMs / naiveCount) * specs.length;
    const cycle = median(warm);
    console.log("");
    console.log(
      `evaluation cycle, ${specs.length} rules, rollups: median ${cycle.toFixed(0)} ms of ${warm.length} (min ${Math.min(...warm).toFixed(0)}, max ${Math.max(...warm).toFixed(0)}); first (cold, creates instances) ${cold!.toFixed(0)} ms`,
    );
    console.log(
      `same rules from raw rows: ${naiveMs.toFixed(0)} ms for ${naiveCount} rules → ${(naiveAll / 1000).toFixed(1)} s for ${specs.length}${naiveCount < specs.length ? " (scaled)" : ""}`,
    );
    console.log(
      `ratio raw/rollups: ${(naiveAll / cycle).toFixed(1)}×   target ≤ 1000 ms per cycle: ${cycle <= 1000 ? "met" : "NOT met"}`,
    );
  } finally {
    await closeDatabase();
    if (args.keep || args.reuse) console.log(`kept database ${dbName}`);
    else await adminQuery(server.url, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await server.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
