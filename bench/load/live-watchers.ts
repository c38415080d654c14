// Browser-like sockets on /live, subscribed to the Overview, and the broker-to-browser latency
// they see. What a /live push carries today: the Overview's `summary` (at most one per
// LIVE_INTERVAL_MS) — rates, a "stored since start" counter and the 20 newest events (id and
// publishedAt). No push carries every event, so two measures, both from the sender's publishedAt:
// - per batch (every batch, every socket): the first summary the server built (`at`) after the
//   sender had the batch's 202 back — by then the batch was in the hub's counters and rates, so
//   that summary reflects it. Conservative: an earlier summary may already have counted it.
// - per event (a sample): an event id's first appearance in a summary's newest 20. Biased low —
//   the newest events of an interval are the ones that waited least for the next push.
// App and bench run on one machine, so server `at` and client clocks are the same clock.
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, LiveSummary, ServerToClientEvents } from "@/lib/live/events";

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export class LiveWatchers {
  private readonly sockets: LiveSocket[] = [];
  /** Batches in the order their 202 came back (so committedMs never decreases). */
  private readonly committed: { publishedMs: number; committedMs: number }[] = [];
  readonly batchLatencyMs: number[] = [];
  readonly eventLatencyMs: number[] = [];
  summaries = 0;
  /** The latest summary's "stored since start" events counter (the hub's count, all batches). */
  lastStoredEvents = 0;
  /** Sockets the server dropped (not counting close()). */
  disconnects = 0;
  private closing = false;

  /** Opens `count` sockets with `headers` (cookie, origin) and waits until each is subscribed. */
  async open(baseURL: string, count: number, headers: Record<string, string>): Promise<void> {
    await Promise.all(Array.from({ length: count }, () => this.openOne(baseURL, headers)));
  }

  /** The sender got a 202 for a batch published at `publishedMs`. */
  noteCommitted(publishedMs: number): void {
    this.committed.push({ publishedMs, committedMs: Date.now() });
  }

  close(): void {
    this.closing = true;
    for (const s of this.sockets) s.disconnect();
  }

  private async openOne(baseURL: string, headers: Record<string, string>): Promise<void> {
    const socket: LiveSocket = io(`${baseURL}/live`, {
      transports: ["websocket"],
      forceNew: true,
      extraHeaders: headers,
    });
    this.sockets.push(socket);
    let next = 0; // this socket's first batch not yet seen reflected
    let previous = new Set<string>(); // ids in this socket's last summary (the ring only moves on)
    socket.on("summary", (summary: LiveSummary) => {
      const now = Date.now();
      this.summaries++;
      this.lastStoredEvents = Math.max(this.lastStoredEvents, summary.stored.events);
      const builtMs = Date.parse(summary.at);
      for (; next < this.committed.length && this.committed[next]!.committedMs <= builtMs; next++)
        this.batchLatencyMs.push(now - this.committed[next]!.publishedMs);
      const ids = new Set<string>();
      for (const e of summary.latest) {
        ids.add(e.id);
        if (!previous.has(e.id)) this.eventLatencyMs.push(now - Date.parse(e.publishedAt));
      }
      previous = ids;
    });
    socket.on("disconnect", () => {
      if (!this.closing) this.disconnects++;
    });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect_error", reject);
      socket.once("connect", () => {
        socket.emit("subscribe", "overview", (res) =>
          res.ok ? resolve() : reject(new Error(`subscribe refused: ${res.error}`)),
        );
      });
    });
    // Batches committed before this socket subscribed are not its to measure.
    next = this.committed.length;
  }
}
