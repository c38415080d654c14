// The in-process catalog worker: ingest hands it the new payload shapes of each committed batch,
// and it records them (record-shapes.ts) off the ingest path, up to GROUP_TYPES types per
// transaction. A shape first waits CATALOG_SETTLE_MS (or until it has MAX_SHAPE_SAMPLES samples)
// while later batches add samples to it, so small enums and formats can be recognised; samples are
// folded into its summary on arrival. Bounded: past MAX_PENDING shapes, new ones are dropped
// (counted, one log line per episode); a dropped or failed shape is still unknown, so it comes
// back with its next event.
import { env } from "@/lib/env";
import { addSample, emptySummary } from "@/lib/catalog/infer-schema";
import type { BatchShape } from "@/lib/catalog/ingest-tap";
import { log } from "@/lib/log";
import { KnownKeys, perDatabase, type KnownShapes } from "@/lib/catalog/catalog-state";
import {
  MAX_SHAPE_SAMPLES,
  recordShapes,
  type ShapeCandidate,
  type TypeWork,
} from "@/lib/catalog/record-shapes";

export const MAX_PENDING = 10_000;
/** Types per transaction: a fixed number of statements records them all (record-shapes.ts). */
export const GROUP_TYPES = 100;
/** Known shape keys kept in memory per process. */
export const MAX_KNOWN_SHAPES = 100_000;

type Pending = ShapeCandidate & { dueMs: number };
/** A batch's new shape with its ids resolved (after-ingest.ts). */
export type Submitted = Pick<
  ShapeCandidate,
  "key" | "type" | "producer" | "typeId" | "producerId" | "shapeHash" | "example" | "firstSeenMs"
> &
  Pick<BatchShape, "samples">;

export type ShapeWorkerStats = { pending: number; dropped: number; recorded: number; failed: number };

export class ShapeWorker {
  private readonly pending = new Map<string, Pending>();
  private readonly inflight = new Set<string>();
  private readonly recompute = new Set<number>();
  private running: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private dropping = false;
  private waiters: (() => void)[] = [];
  readonly stats: ShapeWorkerStats = { pending: 0, dropped: 0, recorded: 0, failed: 0 };

  private readonly maxPending: number;
  private readonly record: typeof recordShapes;

  /** `record` is replaceable for the unit tests of queueing; everything else uses recordShapes. */
  constructor(
    readonly known: KnownShapes,
    opts: { maxPending?: number; record?: typeof recordShapes } = {},
  ) {
    this.maxPending = opts.maxPending ?? MAX_PENDING;
    this.record = opts.record ?? recordShapes;
  }

  /** Takes the new shapes of a committed batch, with their ids. Never throws, never waits. */
  submit(shapes: readonly Submitted[]): void {
    if (shapes.length === 0) return;
    const dueMs = Date.now() + env().CATALOG_SETTLE_MS;
    for (const c of shapes) {
      if (
        this.inflight.has(c.key) ||
        this.known.touchedAt(c.type, c.producer ?? "", c.shapeHash) !== undefined
      )
        continue;
      let p = this.pending.get(c.key);
      if (!p) {
        if (c.samples.length === 0) continue; // nothing to infer from: it comes back with its next event
        if (this.pending.size >= this.maxPending) {
          this.stats.dropped++;
          if (!this.dropping) {
            this.dropping = true;
            log.warn(
              { max: this.maxPending },
              "catalog: too many new payload shapes waiting; dropping new ones until it catches up",
            );
          }
          continue;
        }
        const { samples: _samples, ...rest } = c;
        p = { ...rest, summary: emptySummary(), samples: 0, dueMs };
        this.pending.set(c.key, p);
      }
      // Summarised here, at most MAX_SHAPE_SAMPLES per shape: no payload outlives its batch.
      for (const s of c.samples) {
        if (p.samples >= MAX_SHAPE_SAMPLES) break;
        addSample(p.summary, s);
        p.samples++;
      }
    }
    this.stats.pending = this.pending.size;
    this.schedule();
  }

  /** Whether more samples of an unknown shape are of use (not once it has enough or is being recorded). */
  wantsSamples(key: string): boolean {
    if (this.inflight.has(key)) return false;
    const p = this.pending.get(key);
    return p === undefined || p.samples < MAX_SHAPE_SAMPLES;
  }

  /** Asks for a type's schema to be recomputed (a shape came back after expiring). */
  requestRecompute(typeId: number): void {
    this.recompute.add(typeId);
    this.schedule();
  }

  /** Resolves once nothing is pending or running (pending shapes still wait out their settle time). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Records everything pending now, without waiting for the settle time, and resolves when done. */
  flush(): Promise<void> {
    for (const p of this.pending.values()) p.dueMs = 0;
    this.schedule();
    return this.idle();
  }

  private isIdle(): boolean {
    return this.running === null && this.pending.size === 0 && this.recompute.size === 0;
  }

  private schedule(): void {
    if (this.running) return; // the run loop looks again before it ends
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    let next = Infinity;
    for (const p of this.pending.values())
      next = Math.min(next, p.samples >= MAX_SHAPE_SAMPLES ? 0 : p.dueMs);
    if (this.recompute.size > 0) next = 0;
    if (next === Infinity) return this.wakeWaiters();
    const delay = Math.max(0, next - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.run().finally(() => {
        this.running = null;
        this.schedule();
      });
    }, delay);
    this.timer.unref();
  }

  private wakeWaiters(): void {
    if (!this.isIdle()) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Due shapes by type, plus the types asked to be recomputed. */
  private takeDue(nowMs: number, recompute: ReadonlySet<number>): TypeWork[] {
    const byType = new Map<number, ShapeCandidate[]>();
    for (const p of this.pending.values()) {
      if (p.dueMs > nowMs && p.samples < MAX_SHAPE_SAMPLES) continue;
      this.pending.delete(p.key);
      this.inflight.add(p.key);
      const list = byType.get(p.typeId);
      if (list) list.push(p);
      else byType.set(p.typeId, [p]);
    }
    for (const typeId of recompute) if (!byType.has(typeId)) byType.set(typeId, []);
    return [...byType].map(([typeId, candidates]) => ({
      typeId,
      candidates,
      recompute: recompute.has(typeId),
    }));
  }

  private async run(): Promise<void> {
    for (;;) {
      const recompute = new Set(this.recompute);
      this.recompute.clear();
      const work = this.takeDue(Date.now(), recompute);
      this.stats.pending = this.pending.size;
      if (work.length === 0) return;
      for (let i = 0; i < work.length; i += GROUP_TYPES)
        await this.recordGroup(work.slice(i, i + GROUP_TYPES));
      if (this.dropping && this.pending.size < this.maxPending / 2) {
        log.info({ dropped: this.stats.dropped }, "catalog: shape worker caught up");
        this.dropping = false;
      }
    }
  }

  /** One transaction for the group; if it fails, each type alone, so one bad type holds up no other. */
  private async recordGroup(group: TypeWork[]): Promise<void> {
    const ttlMs = env().CATALOG_SHAPE_TTL;
    const attempt = async (part: TypeWork[]): Promise<boolean> => {
      try {
        const now = new Date();
        await this.record(part, { now, ttlMs });
        for (const w of part)
          for (const c of w.candidates) this.known.mark(c.type, c.producer ?? "", c.shapeHash, now.getTime());
        for (const w of part) this.stats.recorded += w.candidates.length;
        return true;
      } catch (err) {
        if (part.length === 1) {
          this.stats.failed += part[0]!.candidates.length;
          log.warn(
            { err, typeId: part[0]!.typeId },
            "catalog: could not record new payload shapes; they come back with their next events",
          );
        }
        return false;
      }
    };
    try {
      if (!(await attempt(group)) && group.length > 1) for (const w of group) await attempt([w]);
    } finally {
      for (const w of group) for (const c of w.candidates) this.inflight.delete(c.key);
    }
  }
}

/** This process's worker (and its known shapes) for the current database. */
export function shapeWorker(): ShapeWorker {
  return perDatabase("shapeWorker", () => new ShapeWorker(new KnownKeys(MAX_KNOWN_SHAPES)));
}
