// bench:load's printout: the rate held (per minute, against the target and the run's own baseline),
// broker-to-browser latency, the server's memory with a verdict on its trend, CPU per event, loss,
// and storage per million events.
import type { MetricsSample, MetricsSampler } from "@/bench/load/app-metrics-sampler";
import type { DriveResult } from "@/bench/load/drive";
import type { LiveWatchers } from "@/bench/load/live-watchers";
import { lowsPerUnit, percentile, trendVerdict, type Point } from "@/bench/load/stats";
import type { IngestClient } from "@/bench/ingest-client";
import { tableSizes } from "@/bench/table-sizes";

const LATENCY_TARGET_MS = 1_000;
/** Memory samples of the first minutes are start-up (JIT, caches, pools filling), not a trend. */
export const WARM_UP_MIN = 2;
/** A trend needs this many minutes after the warm-up to say anything. */
const MIN_TREND_MIN = 5;
/**
 * Growth that fails "flat", in MB per minute. The heap's post-collection lows are the live set:
 * 1 MB/min would be 1.4 GB a day. RSS also holds freed pages and allocator slack, so it gets more.
 */
const MAX_HEAP_SLOPE = 1;
const MAX_RSS_SLOPE = 2;
const MB = 1_048_576;

const ms = (v: number) => `${Math.round(v)} ms`;

export type RateFigures = {
  sent: DriveResult;
  /** The rate asked of the sustained phase. */
  rate: number;
  minutes: number;
  /** Events/s of the run's 0-socket burst, when it measured one. */
  baseline: number | undefined;
  /** bench:ingest's figure, for reference. */
  foundation: number;
};

export function reportRate({ sent, rate, minutes, baseline, foundation }: RateFigures, client: IngestClient) {
  const target = rate * 60;
  console.log(`\ningest rate held (events accepted per minute, by the minute they were sent):`);
  sent.perMinute.forEach((n, i) => {
    const full = Math.min(1, minutes - i);
    console.log(
      `  minute ${String(i + 1).padStart(2)}  ${String(n).padStart(8)} of ${Math.round(target * full)}  ratio ${(n / (target * full)).toFixed(2)}`,
    );
  });
  const held = sent.accepted / sent.seconds;
  console.log(
    `  overall ${Math.round(held)} events/s against ${Math.round(rate)} asked: held/target ${(held / rate).toFixed(2)}`,
  );
  if (baseline !== undefined)
    console.log(
      `  held = sustained / baseline: ${Math.round(held)} / ${Math.round(baseline)} = ${(held / baseline).toFixed(2)}` +
        ` (the baseline is this run's 0-socket burst; bench:ingest's ${foundation}/s would be ${(held / foundation).toFixed(2)})`,
    );
  console.log(
    `  rejected with 429: ${client.rejections} batches (${client.waitedSeconds.toFixed(1)} s waited out); ` +
      `sent again after a connection reset: ${client.networkRetries}`,
  );
}

export function reportLatency(watchers: LiveWatchers, sockets: number): void {
  console.log(
    `\nbroker-to-browser (publishedAt → /live summary received), ${sockets} sockets, ${watchers.summaries} summaries, ${watchers.disconnects} dropped:`,
  );
  for (const [name, xs] of [
    ["every batch, first summary after its 202", watchers.batchLatencyMs],
    ["sampled events, in a summary's newest 20", watchers.eventLatencyMs],
  ] as const) {
    const p99 = percentile(xs, 0.99);
    console.log(
      `  ${name.padEnd(42)} n=${String(xs.length).padStart(8)}  p50 ${ms(percentile(xs, 0.5)).padStart(8)}  p99 ${ms(p99).padStart(8)}  max ${ms(percentile(xs, 1)).padStart(8)}  p99/target(1 s) ${(p99 / LATENCY_TARGET_MS).toFixed(2)}`,
    );
  }
}

/** Memory series, their trends after the warm-up with a verdict, and CPU per event. */
export function reportMemory(sampler: MetricsSampler, accepted: number, everyMs: number): void {
  const s = sampler.samples;
  const t0 = s[0]?.atMs ?? 0;
  const series = (of: (x: MetricsSample) => number): Point[] =>
    s.map((x) => ({ x: (x.atMs - t0) / 60_000, y: of(x) / MB }));
  const rss = series((x) => x.rssBytes);
  const heap = series((x) => x.heapUsedBytes);
  const external = series((x) => x.externalBytes);
  const list = (xs: Point[]) => xs.map((p) => p.y.toFixed(0)).join(" ");
  console.log(`\nserver memory every ${everyMs / 1000} s (MB); ${sampler.failures} samples missed`);
  console.log(`  RSS:       ${list(rss)}`);
  console.log(`  V8 heap:   ${list(heap)}`);
  console.log(`  external:  ${list(external)}`);
  const verdict = (name: string, points: Point[], maxSlope: number) => {
    const t = trendVerdict(points, { from: WARM_UP_MIN, minSpan: MIN_TREND_MIN, maxSlope });
    const slope = Number.isNaN(t.slope) ? "n/a" : `${t.slope >= 0 ? "+" : ""}${t.slope.toFixed(2)} MB/min`;
    console.log(
      `  ${name.padEnd(38)} ${slope.padStart(15)} after minute ${WARM_UP_MIN}: ${t.verdict} (≤ ${maxSlope})`,
    );
  };
  verdict("RSS", rss, MAX_RSS_SLOPE);
  verdict("V8 heap, every sample", heap, MAX_HEAP_SLOPE);
  verdict("V8 heap, each minute's low (live set)", lowsPerUnit(heap), MAX_HEAP_SLOPE);
  verdict("external (Buffers, zlib)", external, MAX_HEAP_SLOPE);
  const first = s[0];
  const last = s.at(-1);
  if (!first || !last) return;
  const cpu = last.cpuSeconds - first.cpuSeconds;
  console.log(
    `  app CPU ${cpu.toFixed(0)} s for ${accepted} events: ${((cpu / accepted) * 1e6).toFixed(0)} µs per event, ` +
      `${Math.round(accepted / cpu)} events/s per core of the app's own process (Postgres not included); ` +
      `backpressure refusals counted by the app: ${last.refusedBackpressure - first.refusedBackpressure}`,
  );
}

export async function reportStorage(events: number): Promise<void> {
  const tables = ["messages", "traces", "rollup_minute", "rollup_hour"];
  const sizes = await tableSizes(tables);
  console.log(`\nstorage (pg_total_relation_size, no VACUUM) per million events (${events} stored):`);
  let total = 0;
  const line = (name: string, rows: string, bytes: number) =>
    console.log(
      `  ${name.padEnd(14)} ${rows.padStart(9)}  ${(bytes / MB).toFixed(1).padStart(9)} MB  ${(((bytes / events) * 1e6) / MB).toFixed(1).padStart(8)} MB per 1 M`,
    );
  for (const t of tables) {
    const { bytes, rows } = sizes.get(t)!;
    total += bytes;
    line(t, `${rows} rows`, bytes);
  }
  line("total", "", total);
}
