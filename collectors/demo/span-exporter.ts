// Sends the demo shop's spans to the app's OTLP endpoint (POST /v1/traces, JSON, the demo's
// collector token) once a second, as an OpenTelemetry SDK's batch span processor would. A failed
// export keeps its spans for the next one, up to MAX_PENDING; past that the oldest are dropped and
// counted — demo spans are not worth an outbox on disk (a real app's SDK drops them too).
import type { CollectorLog } from "@/collectors/core/log";
import { toOtlpJson, type DemoSpan } from "@/collectors/demo/shop-spans";

export type SpanExporterOptions = {
  serverUrl: string;
  token: string;
  log: CollectorLog;
  intervalMs?: number;
};

export type SpanExporterStats = { exported: number; pending: number; dropped: number };

const MAX_PENDING = 20_000;
/** Spans in one request at most (the SDK's default batch is 512; the demo makes ~20 a second). */
const MAX_PER_EXPORT = 2_000;
const EXPORT_TIMEOUT_MS = 10_000;

export class SpanExporter {
  private pending: DemoSpan[] = [];
  private exported = 0;
  private dropped = 0;
  private failing = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private inFlight: Promise<void> | undefined;

  constructor(private readonly o: SpanExporterOptions) {}

  add(spans: readonly DemoSpan[]): void {
    this.pending.push(...spans);
    this.trim();
  }

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.o.intervalMs ?? 1_000);
  }

  /** One export of what is pending (joins the one in flight instead of overlapping it). */
  flush(): Promise<void> {
    this.inFlight ??= this.exportBatch().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** Stops the timer and exports what is left, for at most timeoutMs (the rest stays counted as pending). */
  async stop(timeoutMs: number): Promise<SpanExporterStats> {
    clearInterval(this.timer);
    this.timer = undefined;
    const drain = async () => {
      do await this.flush();
      while (this.pending.length > 0 && !this.failing);
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([drain(), new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
    return this.stats();
  }

  stats(): SpanExporterStats {
    return { exported: this.exported, pending: this.pending.length, dropped: this.dropped };
  }

  /** Past MAX_PENDING the oldest go. */
  private trim(): void {
    const over = this.pending.length - MAX_PENDING;
    if (over <= 0) return;
    this.pending.splice(0, over);
    this.dropped += over;
  }

  private async exportBatch(): Promise<void> {
    const batch = this.pending.splice(0, MAX_PER_EXPORT);
    if (batch.length === 0) return;
    let problem: string | undefined;
    try {
      const res = await fetch(new URL("/v1/traces", this.o.serverUrl), {
        method: "POST",
        headers: {
          authorization: `Bearer ${this.o.token}`,
          "content-type": "application/json",
          "user-agent": "eventscope-demo",
        },
        body: JSON.stringify(toOtlpJson(batch)),
        signal: AbortSignal.timeout(EXPORT_TIMEOUT_MS),
      });
      await res.arrayBuffer(); // frees the connection
      if (!res.ok) problem = `HTTP ${res.status}`;
    } catch (err) {
      problem = err instanceof Error ? err.message : String(err);
    }
    if (problem === undefined) {
      this.exported += batch.length;
      if (this.failing) this.o.log.info({ pending: this.pending.length }, "demo spans: exporting again");
      this.failing = false;
      return;
    }
    this.pending.unshift(...batch);
    this.trim();
    if (!this.failing)
      this.o.log.warn(
        { err: problem, pending: this.pending.length },
        "demo spans: export failed; will retry",
      );
    this.failing = true;
  }
}
