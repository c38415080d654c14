// Reads the app's own GET /metrics (loopback, no token needed) every `everyMs`: resident memory,
// V8 heap and external memory, CPU seconds and the backpressure refusals, so bench:load can show memory is flat under load.

export type MetricsSample = {
  atMs: number;
  rssBytes: number;
  /** V8 heap in use: what a leak in the app's own objects grows (RSS also holds freed pages). */
  heapUsedBytes: number;
  /** Memory of Buffers and other objects outside the V8 heap (request bodies, zlib): in RSS, not the heap. */
  externalBytes: number;
  cpuSeconds: number;
  refusedBackpressure: number;
};

function value(text: string, pattern: RegExp): number {
  const m = pattern.exec(text);
  return m ? Number(m[1]) : 0;
}

export async function readAppMetrics(baseURL: string): Promise<MetricsSample> {
  const res = await fetch(`${baseURL}/metrics`, { signal: AbortSignal.timeout(5_000) });
  if (res.status !== 200) throw new Error(`GET /metrics answered ${res.status}`);
  const text = await res.text();
  return {
    atMs: Date.now(),
    rssBytes: value(text, /^process_resident_memory_bytes (\S+)$/m),
    heapUsedBytes: value(text, /^nodejs_heap_size_used_bytes (\S+)$/m),
    externalBytes: value(text, /^nodejs_external_memory_bytes (\S+)$/m),
    cpuSeconds: value(text, /^process_cpu_seconds_total (\S+)$/m),
    refusedBackpressure: value(
      text,
      /^eventscope_ingest_refused_total\{[^}]*reason="backpressure"[^}]*\} (\S+)$/m,
    ),
  };
}

export class MetricsSampler {
  readonly samples: MetricsSample[] = [];
  failures = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly baseURL: string,
    private readonly everyMs: number,
  ) {}

  async start(): Promise<void> {
    await this.sample();
    this.timer = setInterval(() => void this.sample(), this.everyMs);
    this.timer.unref();
  }

  /** Stops sampling; with `last`, takes one more sample first. Safe to call twice. */
  async stop(last = true): Promise<void> {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
    if (last) await this.sample();
  }

  private async sample(): Promise<void> {
    try {
      this.samples.push(await readAppMetrics(this.baseURL));
    } catch (err) {
      // A missed sample under load is reported, not fatal: the trend has the others.
      this.failures++;
      console.warn(`metrics sample failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
