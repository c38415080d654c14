// Ingest backpressure: a bounded number of ingest requests (and of their declared body bytes) in
// flight per process. A request past either bound is refused with 429 before its body is read,
// parsed or stored — the collector keeps it in its outbox and retries — so a database that falls
// behind slows the collectors down instead of growing a queue of parsed batches (and pool waiters)
// in the app without bound. Retry-After is the longer of the recent write time and how long the
// oldest write in flight has been running: while the database is stalled the hint grows with the
// stall (up to a cap); once it recovers, the hint drops back with the write times.
export type AdmissionLimits = {
  /** Requests admitted at once; the next gets 429. */
  maxInFlight: number;
  /** Declared body bytes admitted at once (a request alone is always admitted whatever its size). */
  maxInFlightBytes: number;
  /** Longest Retry-After sent, in seconds. */
  maxRetryAfterSeconds: number;
};

export type Ticket = { ok: true; release: () => void };
export type Refusal = { ok: false; retryAfterSeconds: number; message: string };

export type AdmissionStats = {
  inFlight: number;
  inFlightBytes: number;
  maxInFlight: number;
  maxInFlightBytes: number;
};

/** Weight of the newest write in the write-time average: about the last ten writes count. */
const EWMA_WEIGHT = 0.2;

export class IngestAdmission {
  // Insertion-ordered: the first entry is the oldest request still in flight.
  private readonly running = new Map<number, { bytes: number; startedMs: number }>();
  private nextId = 0;
  private bytes = 0;
  private writeMs: number | undefined;

  constructor(
    readonly limits: AdmissionLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** A ticket to release when the request is done, or why not and when to come back. */
  tryAdmit(declaredBytes: number): Ticket | Refusal {
    const { maxInFlight, maxInFlightBytes } = this.limits;
    const full = this.running.size >= maxInFlight;
    const tooManyBytes = this.running.size > 0 && this.bytes + declaredBytes > maxInFlightBytes;
    if (full || tooManyBytes) {
      const retryAfterSeconds = this.retryAfterSeconds();
      const what = full
        ? `${this.running.size} ingest request${this.running.size === 1 ? " is" : "s are"} already being stored (the limit is ${maxInFlight})`
        : `${this.bytes} bytes of ingest requests are already being stored (the limit is ${maxInFlightBytes})`;
      return {
        ok: false,
        retryAfterSeconds,
        message: `the database is behind: ${what}; the batch was not read or stored — retry in ${retryAfterSeconds} s`,
      };
    }
    const id = this.nextId++;
    this.running.set(id, { bytes: declaredBytes, startedMs: this.now() });
    this.bytes += declaredBytes;
    return {
      ok: true,
      release: () => {
        const r = this.running.get(id);
        if (!r) return; // released twice: counted once
        this.running.delete(id);
        this.bytes -= r.bytes;
      },
    };
  }

  /** A finished write's duration, for Retry-After. */
  noteWrite(ms: number): void {
    this.writeMs = this.writeMs === undefined ? ms : this.writeMs + EWMA_WEIGHT * (ms - this.writeMs);
  }

  /** Seconds until a slot is likely free: ≥ 1, ≤ the cap. */
  retryAfterSeconds(): number {
    const oldest = this.running.values().next().value;
    const stalledMs = oldest ? this.now() - oldest.startedMs : 0;
    const seconds = Math.ceil(Math.max(this.writeMs ?? 0, stalledMs) / 1000);
    return Math.min(this.limits.maxRetryAfterSeconds, Math.max(1, seconds));
  }

  stats(): AdmissionStats {
    return {
      inFlight: this.running.size,
      inFlightBytes: this.bytes,
      maxInFlight: this.limits.maxInFlight,
      maxInFlightBytes: this.limits.maxInFlightBytes,
    };
  }
}
