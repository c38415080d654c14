// The demo source: runs the simulated shop on a timer at a given rate and hands its items to the
// same batch sender a real collector uses, so the demo exercises the real ingest path end to end;
// the spans its traced services would export go to the app's OTLP endpoint (span-exporter.ts).
import { randomUUID } from "node:crypto";
import type { RepublishRequest } from "@/collectors/core/adapter";
import type { CollectorLog } from "@/collectors/core/log";
import { BatchSender, type SenderOptions, type SenderStats } from "@/collectors/core/sender";
import { ShopModel, type ShopModelOptions } from "@/collectors/demo/shop-model";
import { SpanExporter, type SpanExporterStats } from "@/collectors/demo/span-exporter";

export type DemoSourceOptions = {
  serverUrl: string;
  token: string;
  /** Events per second (deliveries and dead letters come on top). */
  rate: number;
  log: CollectorLog;
  /** Fixed for a reproducible run; by default random, so a restart does not resend the same ids (they would be deduplicated). */
  seed?: string;
  schemaChangeAfterEvents?: ShopModelOptions["schemaChangeAfterEvents"];
  failureRate?: ShopModelOptions["failureRate"];
  tickMs?: number;
  now?: () => number;
  sender?: Partial<Omit<SenderOptions, "serverUrl" | "token" | "log">>;
};

/** After a stall (laptop sleep, debugger) the shop does not replay the missed time as one burst. */
const MAX_CATCH_UP_MS = 2000;

export class DemoSource {
  readonly seed: string;
  private readonly model: ShopModel;
  private readonly sender: BatchSender;
  private readonly spans: SpanExporter;
  private readonly now: () => number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private last = 0;
  private budget = 0;

  constructor(private readonly opts: DemoSourceOptions) {
    this.seed = opts.seed ?? randomUUID();
    this.now = opts.now ?? Date.now;
    this.model = new ShopModel({
      seed: this.seed,
      schemaChangeAfterEvents: opts.schemaChangeAfterEvents,
      failureRate: opts.failureRate,
      traceSpans: true,
    });
    this.sender = new BatchSender({
      serverUrl: opts.serverUrl,
      token: opts.token,
      log: opts.log,
      userAgent: "eventscope-demo",
      ...opts.sender,
    });
    this.spans = new SpanExporter({ serverUrl: opts.serverUrl, token: opts.token, log: opts.log });
  }

  start(): void {
    if (this.timer) return;
    this.last = this.now();
    this.timer = setInterval(() => this.tick(), this.opts.tickMs ?? 100);
    this.spans.start();
    this.opts.log.info(
      { server: this.opts.serverUrl, rate: this.opts.rate, seed: this.seed },
      "demo source started",
    );
  }

  /** One step of the shop: the events the rate allows since the last step. Public for tests. */
  tick(): void {
    const now = this.now();
    const elapsed = Math.min(MAX_CATCH_UP_MS, Math.max(0, now - this.last));
    this.last = now;
    this.budget += (this.opts.rate * elapsed) / 1000;
    const out = this.model.produce(now, Math.floor(this.budget));
    this.budget -= out.events.length;
    this.sender.enqueue(out);
    this.spans.add(this.model.takeSpans());
  }

  /** The slow consumer's slowness, `factor` times its usual (see ShopModel.setSlowConsumerFactor). */
  setSlowConsumerFactor(factor: number): void {
    this.model.setSlowConsumerFactor(factor);
    this.opts.log.info({ factor }, "demo: slow consumer factor changed");
  }

  get slowConsumerFactor(): number {
    return this.model.slowConsumerFactor;
  }

  /**
   * A reprocess command for one of the shop's brokers: the message goes back into the shop and its
   * delivery (or new dead letter) is forwarded with the next tick's items. Throws when the shop has
   * no such channel on that broker, as a broker refuses an unknown destination.
   */
  republish(broker: string, req: RepublishRequest): void {
    this.model.republish(broker, req, this.now());
  }

  /** Events produced so far on one of the shop's brokers. */
  producedOn(broker: string): number {
    return this.model.eventCountOn(broker);
  }

  stats(): SenderStats & { produced: number; spans: SpanExporterStats } {
    return { produced: this.model.eventCount, ...this.sender.stats(), spans: this.spans.stats() };
  }

  /**
   * Stops the shop and flushes what is queued, items and spans, within timeoutMs: items left are
   * counted as dropped, spans as pending.
   */
  async stop(timeoutMs = 5000): Promise<ReturnType<DemoSource["stats"]>> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await Promise.all([this.sender.stop(timeoutMs), this.spans.stop(timeoutMs)]);
    const stats = this.stats();
    this.opts.log.info({ ...stats }, "demo source stopped");
    return stats;
  }
}
