// Which offsets Eventscope's consumer group may commit: per partition, the next offset after the
// longest run of records the sink has confirmed, in the order they were read. Committing offset N
// tells Kafka "everything before N is done", so one unconfirmed record holds back every later one
// on its partition — and a record the sink refused holds its partition back until a restart
// re-reads it.

type Entry = { offset: bigint; state: "pending" | "done" | "failed" };

type PartitionState = {
  topic: string;
  partition: number;
  /** Read but not yet part of the confirmed run, in read order (offsets ascending). */
  entries: Entry[];
  /** Next offset after the confirmed run, once something was confirmed. */
  confirmed?: bigint;
  committed?: bigint;
};

export type CommitPosition = { topic: string; partition: number; offset: bigint };

export class OffsetTracker {
  private readonly partitions = new Map<string, PartitionState>();

  /**
   * A record was read. An offset at or below one read before means the consumer rewound (a
   * rebalance resumed from the committed offset): what was read from there on is forgotten, and
   * will be confirmed again as it is re-read.
   */
  begin(topic: string, partition: number, offset: bigint): void {
    const p = this.state(topic, partition);
    const last = p.entries.at(-1);
    if (last && offset <= last.offset) p.entries = p.entries.filter((e) => e.offset < offset);
    p.entries.push({ offset, state: "pending" });
  }

  /** The sink confirmed (ok) or refused the record; unknown offsets (forgotten by a rewind) are ignored. */
  settle(topic: string, partition: number, offset: bigint, ok: boolean): void {
    const p = this.partitions.get(key(topic, partition));
    const entry = p?.entries.find((e) => e.offset === offset);
    if (!p || !entry || entry.state !== "pending") return;
    entry.state = ok ? "done" : "failed";
    let run = 0;
    while (run < p.entries.length && p.entries[run]?.state === "done") run++;
    if (run === 0) return;
    const next = (p.entries[run - 1] as Entry).offset + 1n;
    // After a rewind, re-read records are confirmed a second time: never move backwards.
    if (p.confirmed === undefined || next > p.confirmed) p.confirmed = next;
    p.entries.splice(0, run);
  }

  /** A record on this partition was refused: later ones must not be read past it in this session. */
  blocked(topic: string, partition: number): boolean {
    return this.partitions.get(key(topic, partition))?.entries.some((e) => e.state === "failed") ?? false;
  }

  /** Records read and neither confirmed nor refused yet. */
  get inFlight(): number {
    let n = 0;
    for (const p of this.partitions.values()) for (const e of p.entries) if (e.state === "pending") n++;
    return n;
  }

  /** Positions confirmed since the last successful commit. */
  toCommit(): CommitPosition[] {
    const out: CommitPosition[] = [];
    for (const p of this.partitions.values())
      if (p.confirmed !== undefined && p.confirmed !== p.committed)
        out.push({ topic: p.topic, partition: p.partition, offset: p.confirmed });
    return out;
  }

  /** Kafka accepted these positions. */
  committed(positions: CommitPosition[]): void {
    for (const c of positions) {
      const p = this.partitions.get(key(c.topic, c.partition));
      if (p) p.committed = c.offset;
    }
  }

  private state(topic: string, partition: number): PartitionState {
    const k = key(topic, partition);
    let p = this.partitions.get(k);
    if (!p) {
      p = { topic, partition, entries: [] };
      this.partitions.set(k, p);
    }
    return p;
  }
}

function key(topic: string, partition: number): string {
  return `${topic}\0${partition}`;
}
