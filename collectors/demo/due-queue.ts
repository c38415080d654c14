// A binary min-heap keyed by due time: the demo shop's follow-up events and not-yet-settled
// deliveries wait here until the clock reaches them. Ties keep insertion order (deterministic).

type Entry<T> = { due: number; seq: number; value: T };

export class DueQueue<T> {
  private readonly heap: Entry<T>[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(due: number, value: T): void {
    this.heap.push({ due, seq: this.seq++, value });
    this.up(this.heap.length - 1);
  }

  /** The earliest entry if it is due by `now`, removed from the queue. */
  popDue(now: number): { due: number; value: T } | undefined {
    const top = this.heap[0];
    if (!top || top.due > now) return undefined;
    const last = this.heap.pop();
    if (last && this.heap.length > 0) {
      this.heap[0] = last;
      this.down(0);
    }
    return { due: top.due, value: top.value };
  }

  private less(i: number, j: number): boolean {
    const a = this.heap[i];
    const b = this.heap[j];
    if (!a || !b) return false;
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }

  private swap(i: number, j: number): void {
    const a = this.heap[i];
    const b = this.heap[j];
    if (!a || !b) return;
    this.heap[i] = b;
    this.heap[j] = a;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.heap.length && this.less(l, m)) m = l;
      if (r < this.heap.length && this.less(r, m)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}
