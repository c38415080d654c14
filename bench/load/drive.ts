// Drives ingest for bench:load from concurrent senders: on a schedule (a sustained rate), or as fast
// as the app answers (a burst, rate Infinity — the run's own baseline, as bench:ingest measures it).
import type { IngestClient } from "@/bench/ingest-client";
import type { BatchFactory } from "@/bench/load/batch-factory";

export type DriveOptions = {
  rate: number;
  seconds: number;
  senders: number;
  /** The first seconds are a warm-up (JIT, pools, caches): `timedRate` leaves them out. */
  warmUpSeconds?: number;
  /** A batch published at `publishedMs` was stored (its 202 came back). */
  onCommitted?: (publishedMs: number) => void;
};

export type DriveResult = {
  accepted: number;
  /** From the start to the last 202. */
  seconds: number;
  /** Events accepted per minute, by the minute their batch was sent. */
  perMinute: number[];
  /** Events per second whose 202 came after the warm-up, over the time from its end to the last 202. */
  timedRate: number;
};

/**
 * Sends a batch every batch size / rate seconds; a sender that falls behind the schedule sends at
 * once (catching up), and no batch starts after the end: a rate the app cannot hold shows as a
 * shortfall, not as a longer run. With rate Infinity every sender sends again as soon as it has its
 * answer.
 */
export async function drive(
  client: IngestClient,
  factory: BatchFactory,
  o: DriveOptions,
): Promise<DriveResult> {
  const intervalMs = (factory.batchSize / o.rate) * 1000;
  const started = performance.now();
  const end = started + o.seconds * 1000;
  const timedFrom = started + (o.warmUpSeconds ?? 0) * 1000;
  const perMinute = Array.from({ length: Math.ceil(o.seconds / 60) }, () => 0);
  let scheduled = 0;
  let accepted = 0;
  let timed = 0;
  let lastMs = started;
  const sender = async () => {
    for (;;) {
      const due = started + scheduled * intervalMs;
      if (due >= end || performance.now() >= end) return;
      scheduled++;
      if (due > performance.now()) await sleep(due - performance.now());
      const minute = Math.floor((performance.now() - started) / 60_000);
      const batch = await factory.next();
      const n = await client.send(batch.body);
      lastMs = performance.now();
      o.onCommitted?.(batch.publishedMs);
      accepted += n;
      if (lastMs >= timedFrom) timed += n;
      perMinute[Math.min(minute, perMinute.length - 1)]! += n;
    }
  };
  await Promise.all(Array.from({ length: o.senders }, sender));
  return {
    accepted,
    seconds: (lastMs - started) / 1000,
    perMinute,
    timedRate: lastMs > timedFrom ? timed / ((lastMs - timedFrom) / 1000) : NaN,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
