// Ingest batches for the sustained load, made as they are sent: each event stamped with its
// publishedAt (and observedAt) at that moment, the start of its broker-to-browser latency. Events
// are bench/generate-events.ts's traffic, serialised once as templates; a batch splices fresh ids
// and times into them and gzips (level 1) — generating and fully serialising 25 batches a second
// would take a core of the two this machine has from the app under test.
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { generateEvents } from "@/bench/generate-events";

const gzipAsync = promisify(gzip);
const TEMPLATE_BATCHES = 20;

export type LoadBatch = { body: Buffer; events: number; publishedMs: number };

export class BatchFactory {
  /**
   * Each template event's JSON after `{"id":…,"publishedAt":…,"observedAt":…,`, cut where its trace
   * id goes (in traceId and the traceparent header): every event gets a trace of its own, as in
   * bench:ingest, rather than a few thousand traces shared by the whole run.
   */
  private readonly rests: string[][];
  private nextEvent = 0;

  constructor(
    private readonly runId: string,
    readonly batchSize: number,
    /** 8 hex digits that start every trace id of the run. */
    private readonly traceHex: string,
  ) {
    const total = TEMPLATE_BATCHES * batchSize;
    this.rests = generateEvents("template", 0, total, total).map((e) => {
      const { id: _id, publishedAt: _p, observedAt: _o, ...rest } = e;
      return JSON.stringify(rest).slice(1).split(String(e.traceId));
    });
  }

  /** The next batch of `batchSize` events, published now; ids are `<runId>-<n>`, n counting from 0. */
  async next(): Promise<LoadBatch> {
    const publishedMs = Date.now();
    const at = new Date(publishedMs).toISOString();
    const parts: string[] = [];
    for (let k = 0; k < this.batchSize; k++) {
      const n = this.nextEvent++;
      const trace = this.traceHex + n.toString(16).padStart(24, "0");
      const rest = this.rests[n % this.rests.length]!.join(trace);
      parts.push(`{"id":"${this.runId}-${n}","publishedAt":"${at}","observedAt":"${at}",${rest}`);
    }
    const body = await gzipAsync(`{"events":[${parts.join(",")}]}`, { level: 1 });
    return { body, events: this.batchSize, publishedMs };
  }

  /** Events made so far (sent or being sent). */
  get made(): number {
    return this.nextEvent;
  }
}
