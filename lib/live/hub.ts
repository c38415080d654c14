// The live hub, one per process: ingest tells it what each committed batch stored; it keeps rates
// (overall and per broker/channel), the newest events and counters, and pushes a small summary
// to the Overview's subscribers at most once per interval. Other instances' batches and changes
// arrive through server/live-relay.ts (`remote`), so every web instance's hub sees the whole
// cluster and pushes to its own sockets only. Live is a hint; Postgres is the record.
import type { IngestedBatch, LiveEvent, LiveSummary } from "@/lib/live/events";
import type { IngestDelta } from "@/lib/live/ingest-delta";
import { RateWindow } from "@/lib/live/rate-window";

export const LIVE_WINDOW_SEC = 10;
export const LATEST_EVENTS = 20;
/**
 * Events one summary carries at most: the newest LATEST_EVENTS, or every event since the last push
 * when more came (a burst, a late push on a busy loop), so a filtered "Latest events" misses none
 * of them. With only the newest 20 a probe among 20 events/s of demo traffic fell out between two
 * pushes on a loaded machine (e2e/overview.spec.ts).
 */
export const MAX_PUSHED_EVENTS = 100;
/** Channels in one summary: the busiest; a summary stays small however many channels exist. */
export const MAX_SUMMARY_CHANNELS = 50;
/**
 * The timer checks this many times per interval. A timer at exactly intervalMs would sometimes
 * read Date.now() a few ms short of the interval (timers run on the loop's cached clock) and skip
 * a push, halving the rate; checking more often keeps gaps within [interval, interval × 1.2].
 */
const CHECKS_PER_INTERVAL = 5;

type Clock = () => number;
type ChannelRate = { broker: string; channel: string; window: RateWindow };
type Emitter = (summary: LiveSummary) => void;

export type LiveHubOptions = { now?: Clock; windowSec?: number };

export class LiveHub {
  private readonly now: Clock;
  private readonly windowSec: number;
  private readonly since: number;
  private readonly overall: RateWindow;
  private readonly channels = new Map<string, ChannelRate>();
  // Ring of the newest events: `head` is where the next one goes; `unpushed` came since the last push.
  private readonly latest: (LiveEvent | undefined)[] = new Array<LiveEvent | undefined>(MAX_PUSHED_EVENTS);
  private head = 0;
  private unpushed = 0;
  private readonly stored = { events: 0, deliveries: 0, deadLetters: 0, duplicates: 0 };

  private dirty = false;
  private lastEmitMs: number | undefined;
  private lastEmitHadRates = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private emitter: Emitter | undefined;
  private intervalMs = 500;
  private hasSubscribers: () => boolean = () => true;
  private readonly ingestListeners = new Set<(batch: IngestedBatch, remote: boolean) => void>();
  private readonly deadLetterListeners = new Set<(requestIds: readonly string[], remote: boolean) => void>();
  private readonly collectorListeners = new Set<(remote: boolean) => void>();
  private readonly alertListeners = new Set<(transitions: boolean, remote: boolean) => void>();

  constructor(opts: LiveHubOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.windowSec = opts.windowSec ?? LIVE_WINDOW_SEC;
    this.since = this.now();
    this.overall = new RateWindow(this.windowSec);
  }

  /**
   * Called by ingest after each committed batch (through lib/live/publish.ts). Counts come per
   * channel (`total`, `channels`), not from `events`, which lists only the newest few: O(channels).
   */
  recordIngest(batch: IngestedBatch): void {
    this.record(batch, false);
  }

  /** What other instances stored since their last relay: counted now, per channel, with their newest events. */
  recordRemoteIngest(d: IngestDelta): void {
    this.record(d, true);
  }

  private record(batch: IngestedBatch, remote: boolean): void {
    const now = this.now();
    this.overall.add(now, batch.total);
    for (const [broker, channel, n] of batch.channels) this.channelRate(broker, channel).window.add(now, n);
    // Events come newest first; walking backwards leaves the newest at the ring's head.
    const listed = Math.min(batch.events.length, MAX_PUSHED_EVENTS);
    for (let i = listed - 1; i >= 0; i--) {
      this.latest[this.head] = batch.events[i];
      this.head = (this.head + 1) % MAX_PUSHED_EVENTS;
    }
    this.unpushed = Math.min(MAX_PUSHED_EVENTS, this.unpushed + listed);
    this.stored.events += batch.total;
    this.stored.deliveries += batch.deliveries;
    this.stored.deadLetters += batch.deadLetters;
    this.stored.duplicates += batch.duplicates;
    this.dirty = true;
    for (const listener of this.ingestListeners) listener(batch, remote);
  }

  /**
   * Calls `listener` with each recorded batch (e.g. to poke a throttled hint), `remote` when it was
   * another instance's; returns the unsubscribe.
   */
  onIngest(listener: (batch: IngestedBatch, remote: boolean) => void): () => void {
    this.ingestListeners.add(listener);
    return () => this.ingestListeners.delete(listener);
  }

  /**
   * Dead letters changed state outside ingest (discard, purge, a reprocess request, its cancel, its
   * progress), with the reprocess requests whose progress changed; through lib/live/publish.ts.
   */
  recordDeadLettersChanged(requestIds: readonly string[] = [], remote = false): void {
    for (const listener of this.deadLetterListeners) listener(requestIds, remote);
  }

  /** Calls `listener` on each recorded dead-letter change; returns the unsubscribe. */
  onDeadLettersChanged(listener: (requestIds: readonly string[], remote: boolean) => void): () => void {
    this.deadLetterListeners.add(listener);
    return () => this.deadLetterListeners.delete(listener);
  }

  /**
   * An alert evaluation cycle ran (here, or on the worker that evaluates: `remote`); `transitions`:
   * some alert changed state. Through lib/live/publish.ts.
   */
  recordAlertsEvaluated(transitions: boolean, remote = false): void {
    for (const listener of this.alertListeners) listener(transitions, remote);
  }

  /** Calls `listener` after each recorded evaluation cycle; returns the unsubscribe. */
  onAlertsEvaluated(listener: (transitions: boolean, remote: boolean) => void): () => void {
    this.alertListeners.add(listener);
    return () => this.alertListeners.delete(listener);
  }

  /** Something the Collectors page shows changed (a heartbeat, a connection, a command's outcome). */
  recordCollectorsChanged(remote = false): void {
    for (const listener of this.collectorListeners) listener(remote);
  }

  /** Calls `listener` on each recorded collectors change; returns the unsubscribe. */
  onCollectorsChanged(listener: (remote: boolean) => void): () => void {
    this.collectorListeners.add(listener);
    return () => this.collectorListeners.delete(listener);
  }

  summary(): LiveSummary {
    const now = this.now();
    const channels: LiveSummary["channels"] = [];
    for (const [key, c] of this.channels) {
      const eventsPerSecond = c.window.rate(now, this.since);
      // A channel quiet for a whole window is forgotten, so the map holds only active channels.
      if (eventsPerSecond === 0) this.channels.delete(key);
      else channels.push({ broker: c.broker, channel: c.channel, eventsPerSecond: round2(eventsPerSecond) });
    }
    channels.sort((a, b) => b.eventsPerSecond - a.eventsPerSecond || a.channel.localeCompare(b.channel));
    return {
      at: new Date(now).toISOString(),
      windowSec: this.windowSec,
      eventsPerSecond: round2(this.overall.rate(now, this.since)),
      channels: channels.slice(0, MAX_SUMMARY_CHANNELS),
      latest: this.latestEvents(Math.max(LATEST_EVENTS, this.unpushed)),
      stored: { ...this.stored },
    };
  }

  /**
   * Pushes summaries through `emit` every `intervalMs` while `hasSubscribers()` says someone
   * listens and something changed, or rates are still decaying towards 0 (one last 0 is pushed).
   */
  start(emit: Emitter, intervalMs: number, hasSubscribers: () => boolean = () => true): void {
    this.stop();
    this.emitter = emit;
    this.intervalMs = intervalMs;
    this.hasSubscribers = hasSubscribers;
    this.timer = setInterval(() => this.tick(), Math.max(10, Math.floor(intervalMs / CHECKS_PER_INTERVAL)));
    // The hub never keeps the process alive on its own (shutdown also calls stop()).
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.emitter = undefined;
  }

  /** One timer check; returns whether a summary was pushed. Public so tests drive it with a fake clock. */
  tick(): boolean {
    if (!this.emitter || !this.hasSubscribers()) return false;
    const now = this.now();
    if (this.lastEmitMs !== undefined && now - this.lastEmitMs < this.intervalMs) return false;
    if (!this.dirty && !this.lastEmitHadRates) return false;
    const summary = this.summary();
    this.emitter(summary);
    this.unpushed = 0;
    this.lastEmitMs = now;
    this.dirty = false;
    this.lastEmitHadRates = summary.eventsPerSecond > 0 || summary.channels.length > 0;
    return true;
  }

  private channelRate(broker: string, channel: string): ChannelRate {
    // NUL cannot occur in stored names (ingest refuses it), so the key is unambiguous.
    const key = `${broker}\0${channel}`;
    let c = this.channels.get(key);
    if (!c) {
      c = { broker, channel, window: new RateWindow(this.windowSec) };
      this.channels.set(key, c);
    }
    return c;
  }

  private latestEvents(count: number): LiveEvent[] {
    const out: LiveEvent[] = [];
    for (let k = 1; k <= count; k++) {
      const e = this.latest[(this.head - k + MAX_PUSHED_EVENTS) % MAX_PUSHED_EVENTS];
      if (!e) break;
      out.push(e);
    }
    return out;
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

type HubGlobal = typeof globalThis & { __eventscopeLiveHub?: LiveHub };

/** Makes `hub` the one lib/live/publish.ts reaches (route bundles are separate module instances). */
export function registerLiveHub(hub: LiveHub | undefined): void {
  (globalThis as HubGlobal).__eventscopeLiveHub = hub;
}
