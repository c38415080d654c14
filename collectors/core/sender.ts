// Sends queued ingest items to POST /api/v1/ingest the way every collector does: batches by size
// (items and bytes) and time, gzip JSON, one request in flight (order kept, server not flooded),
// retries with backoff on network errors, 5xx and 429 (Retry-After honoured, spread a little: the
// server's ingest backpressure says when to come back), splits a batch the
// server finds too large, keeps retrying an unauthorised token (the operator fixes it; nothing is
// dropped meanwhile), gives up on other 4xx (a malformed body) with a logged error.
//
// It drains a SendQueue: the disk outbox for agents (an item leaves it only after the server's 2xx
// or a refusal no retry can fix) or the in-memory queue of the server's demo source.
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import type { IngestBody, IngestResult } from "@/lib/ingest/schemas";
import { MemoryQueue } from "@/collectors/core/memory-queue";
import { batchBody, type ItemKind, type QueuedRecord, type SendQueue } from "@/collectors/core/send-queue";
import type { CollectorLog } from "@/collectors/core/log";
import { backoffMs, retryAfterMs, sleep, spreadRetryAfter } from "@/collectors/core/retry";

const gzipAsync = promisify(gzip);
// Level 1: a third of the CPU of the default level for a body about 15 % larger — the collector
// shares its machine with the broker, and the wire to the app is rarely the bottleneck.
const GZIP = { level: 1 };

export type SenderOptions = {
  serverUrl: string;
  token: string;
  log: CollectorLog;
  /** What to drain; by default an in-memory queue of maxQueueItems fed through enqueue(). */
  queue?: SendQueue;
  maxBatchItems?: number;
  /** Rough cap on a batch's JSON (before gzip), under the server's body limit. */
  maxBatchBytes?: number;
  maxBatchDelayMs?: number;
  maxQueueItems?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Longest Retry-After obeyed; a server asking for more is retried after this. */
  retryAfterMaxMs?: number;
  requestTimeoutMs?: number;
  userAgent?: string;
  random?: () => number;
  /** How a retry waits (tests record the waits instead of timing them). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
};

export type SenderStats = {
  queued: number;
  /** Bytes of JSON the queue holds (sent and unconfirmed ones included). */
  queuedBytes: number;
  sentBatches: number;
  sentItems: number;
  accepted: number;
  duplicates: number;
  /** Items the server named in `rejected` (invalid items in otherwise stored batches). */
  rejectedItems: number;
  retries: number;
  droppedQueueFull: number;
  /** Items in batches refused with a 4xx (bad token, malformed body): retrying cannot help. */
  droppedRefused: number;
  /** In-memory queue only: items still unsent when stop()'s deadline passed. */
  droppedOnStop: number;
  /** The last failed attempt, for the Collectors page. */
  lastError?: { at: string; message: string };
};

type Outcome =
  | { kind: "ok"; result: Partial<IngestResult> }
  | { kind: "retry"; reason: string; waitMs?: number; status?: number }
  | { kind: "tooLarge"; reason: string }
  | { kind: "refused"; reason: string };

type Defaults = Required<Omit<SenderOptions, "log" | "queue">>;

export class BatchSender {
  private readonly o: Defaults;
  private readonly log: CollectorLog;
  private readonly url: string;
  private readonly queue: SendQueue;
  private readonly memory: MemoryQueue | undefined;
  private readonly stopping = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private sending: Promise<void> | undefined;
  private flushing = 0;
  private stopped = false;
  private dropping = false;
  private readonly counters: Omit<SenderStats, "queued" | "queuedBytes"> = {
    sentBatches: 0,
    sentItems: 0,
    accepted: 0,
    duplicates: 0,
    rejectedItems: 0,
    retries: 0,
    droppedQueueFull: 0,
    droppedRefused: 0,
    droppedOnStop: 0,
  };

  constructor(opts: SenderOptions) {
    this.log = opts.log;
    this.o = {
      serverUrl: opts.serverUrl,
      token: opts.token,
      maxBatchItems: opts.maxBatchItems ?? 500,
      maxBatchBytes: opts.maxBatchBytes ?? 4 * 1024 * 1024,
      maxBatchDelayMs: opts.maxBatchDelayMs ?? 250,
      maxQueueItems: opts.maxQueueItems ?? 100_000,
      retryBaseMs: opts.retryBaseMs ?? 500,
      retryMaxMs: opts.retryMaxMs ?? 30_000,
      retryAfterMaxMs: opts.retryAfterMaxMs ?? 5 * 60_000,
      requestTimeoutMs: opts.requestTimeoutMs ?? 30_000,
      userAgent: opts.userAgent ?? "eventscope-collector",
      random: opts.random ?? Math.random,
      sleep: opts.sleep ?? sleep,
    };
    this.url = new URL("/api/v1/ingest", opts.serverUrl).toString();
    this.memory = opts.queue ? undefined : new MemoryQueue(this.o.maxQueueItems);
    this.queue = opts.queue ?? this.memory!;
  }

  stats(): SenderStats {
    return { queued: this.queue.length, queuedBytes: this.queue.bytes, ...this.counters };
  }

  /** In-memory queue only: queues items and wakes the sender. Never throws; counts what did not fit. */
  enqueue(body: IngestBody): void {
    if (!this.memory)
      throw new Error("enqueue() is for the in-memory queue; append to the outbox and call wake()");
    if (this.stopped) {
      this.counters.droppedOnStop += countItems(body);
      return;
    }
    const dropped = this.memory.push(body);
    if (dropped > 0) {
      // One line per episode of loss, not one per call.
      if (!this.dropping) {
        this.log.error(
          { capacity: this.o.maxQueueItems },
          "collector queue is full: dropping new items until the server catches up",
        );
      }
      this.counters.droppedQueueFull += dropped;
    }
    this.dropping = dropped > 0;
    this.wake();
  }

  /** Something was queued: sends at once when a batch is full, else within maxBatchDelayMs. */
  wake(): void {
    if (this.stopped || this.sending) return;
    if (this.queue.length >= this.o.maxBatchItems) this.kick();
    else if (this.queue.length > 0) this.timer ??= setTimeout(() => this.kick(), this.o.maxBatchDelayMs);
  }

  /** Sends everything queued now (partial batches included) and resolves when the queue is empty. */
  async flush(): Promise<void> {
    this.flushing++;
    try {
      while ((this.queue.length > 0 && !this.stopping.signal.aborted) || this.sending) {
        this.kick();
        await this.sending;
      }
    } finally {
      this.flushing--;
    }
  }

  /**
   * Flushes, then stops. Past `timeoutMs` (server down) it aborts the request or backoff in
   * progress: the outbox keeps what is left for the next start; the in-memory queue counts it as
   * dropped. A shutdown never hangs on an absent server.
   */
  async stop(timeoutMs = 10_000): Promise<SenderStats> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    let timedOut = false;
    const deadline = setTimeout(() => {
      timedOut = true;
      this.stopping.abort();
    }, timeoutMs);
    try {
      await this.flush();
    } finally {
      clearTimeout(deadline);
      this.stopped = true;
      this.stopping.abort();
    }
    await this.sending;
    this.queue.untake();
    if (this.memory) this.counters.droppedOnStop += this.memory.clear();
    if (timedOut || this.counters.droppedOnStop > 0) {
      this.log.error(
        { dropped: this.counters.droppedOnStop, left: this.queue.length, timeoutMs },
        "sender stopped before the server took every item",
      );
    }
    return this.stats();
  }

  private kick(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.sending || this.queue.length === 0 || this.stopping.signal.aborted) return;
    this.sending = this.drain().finally(() => {
      this.sending = undefined;
      // Whatever arrived during the last request: a full batch goes now, a partial one on the timer.
      if (!this.stopped && !this.stopping.signal.aborted) this.wake();
    });
  }

  /** Sends queued batches one after another; a partial batch waits for the timer unless flushing. */
  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.stopping.signal.aborted) {
      const batch = await this.queue.take(this.o.maxBatchItems, this.o.maxBatchBytes);
      if (batch.length === 0) return;
      const rejected = new Map<number, string>();
      const delivered = await this.deliver(batch, rejected);
      if (!delivered) return; // stopping: the batch goes back to the queue's front (untake)
      await this.queue.release(batch, delivered === "sent" ? { kind: "sent", rejected } : delivered);
      if (this.queue.length < this.o.maxBatchItems && this.flushing === 0) return;
    }
  }

  /**
   * Delivers one batch: retried until the server takes it ("sent"), refuses it (a drop), or stop()
   * gives up (undefined). Rejected items are added to `rejected` (seq → reason).
   */
  private async deliver(
    batch: readonly QueuedRecord[],
    rejected: Map<number, string>,
  ): Promise<"sent" | { kind: "dropped"; reason: string } | undefined> {
    const { body: json, byKind } = batchBody(batch);
    // Copied once into a plain ArrayBuffer-backed view: fetch's BodyInit type refuses a pooled Buffer.
    const body = new Uint8Array(await gzipAsync(json, GZIP));
    for (let attempt = 0; ; attempt++) {
      if (this.stopping.signal.aborted) return undefined;
      const outcome = await this.post(body);
      if (outcome.kind === "ok") {
        this.record(batch.length, outcome.result, byKind, rejected);
        return "sent";
      }
      if (this.stopping.signal.aborted) return undefined;
      if (outcome.kind === "tooLarge" && batch.length > 1) {
        // The server's body limit is in bytes; halving until it fits keeps every item.
        const half = Math.ceil(batch.length / 2);
        this.log.warn({ items: batch.length }, "batch too large for the server; splitting it");
        for (const part of [batch.slice(0, half), batch.slice(half)]) {
          const r = await this.deliver(part, rejected);
          if (r === undefined) return undefined;
          if (r !== "sent") for (const rec of part) rejected.set(rec.seq, r.reason);
        }
        return "sent";
      }
      if (outcome.kind === "refused" || outcome.kind === "tooLarge") {
        this.counters.droppedRefused += batch.length;
        this.noteError(outcome.reason);
        this.log.error(
          { url: this.url, items: batch.length, reason: outcome.reason },
          "server refused a batch; dropping it",
        );
        return { kind: "dropped", reason: outcome.reason };
      }
      const waitMs =
        outcome.waitMs === undefined
          ? backoffMs(attempt, this.o.retryBaseMs, this.o.retryMaxMs, this.o.random)
          : spreadRetryAfter(outcome.waitMs, this.o.random);
      this.counters.retries++;
      this.noteError(outcome.reason);
      // A 429 is the server pacing us (the outbox holds the batch): never an error line, however long.
      const level = attempt < 3 || outcome.status === 429 ? "warn" : "error";
      this.log[level](
        { url: this.url, attempt: attempt + 1, waitMs, reason: outcome.reason },
        "ingest failed; retrying",
      );
      await this.o.sleep(waitMs, this.stopping.signal);
    }
  }

  private noteError(message: string): void {
    this.counters.lastError = { at: new Date().toISOString(), message: message.slice(0, 500) };
  }

  private async post(body: Uint8Array<ArrayBuffer>): Promise<Outcome> {
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: "POST",
        headers: {
          authorization: `Bearer ${this.o.token}`,
          "content-type": "application/json",
          "content-encoding": "gzip",
          "user-agent": this.o.userAgent,
        },
        body,
        signal: AbortSignal.any([this.stopping.signal, AbortSignal.timeout(this.o.requestTimeoutMs)]),
      });
    } catch (err) {
      return { kind: "retry", reason: describe(err) };
    }
    const text = await res.text().catch((err: unknown) => `(body unreadable: ${describe(err)})`);
    if (res.ok) return { kind: "ok", result: parseResult(text) };
    const reason = `HTTP ${res.status}: ${text.slice(0, 500)}`;
    // 401/403: a revoked or rotated token. Dropping would lose what the outbox holds for good;
    // retried (with backoff, an error line each time) until the operator sets the new token.
    if (res.status === 429 || res.status >= 500 || res.status === 401 || res.status === 403) {
      return {
        kind: "retry",
        reason,
        status: res.status,
        waitMs: retryAfterMs(res.headers.get("retry-after"), this.o.retryAfterMaxMs),
      };
    }
    if (res.status === 413) return { kind: "tooLarge", reason };
    return { kind: "refused", reason };
  }

  private record(
    items: number,
    result: Partial<IngestResult>,
    byKind: Record<ItemKind, QueuedRecord[]>,
    rejectedSeqs: Map<number, string>,
  ): void {
    const c = this.counters;
    c.sentBatches++;
    c.sentItems += items;
    c.accepted += result.accepted ?? 0;
    c.duplicates += result.duplicates ?? 0;
    const rejected = Array.isArray(result.rejected) ? result.rejected : [];
    c.rejectedItems += rejected.length;
    for (const r of rejected) {
      const rec = byKind[r.kind]?.[r.index];
      if (rec) rejectedSeqs.set(rec.seq, r.reason);
    }
    // Rejected items are a contract bug in the collector (or a too-large dead letter): worth an error line with an example.
    if (rejected.length > 0)
      this.log.error({ rejected: rejected.length, first: rejected[0] }, "server rejected items of a batch");
  }
}

function countItems(body: IngestBody): number {
  return (body.events?.length ?? 0) + (body.deliveries?.length ?? 0) + (body.deadLetters?.length ?? 0);
}

function parseResult(text: string): Partial<IngestResult> {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === "object" && v !== null ? (v as Partial<IngestResult>) : {};
  } catch {
    // A 2xx is a confirmation whatever its body says; the counts are only for stats.
    return {};
  }
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : "";
  return `${err.name}: ${err.message}${cause}`;
}
