// Folds live "summary" pushes into what the Overview shows, and merges them with the read model
// (live is a hint, Postgres the record: read-model numbers plus what arrived since they were read).
// Pure functions, so the reducer is unit-tested and React state stays a plain useReducer.
import type { LiveEvent, LiveSummary } from "@/lib/live/events";
import type { ChannelRate, OverviewData, OverviewTotals, ThroughputPoint } from "@/lib/overview/types";

export const CHART_WINDOW_MS = 5 * 60_000;
/** Live events kept client-side, so a filter can still find an event a few seconds later. */
export const EVENT_BUFFER = 200;
export const TABLE_ROWS = 20;
const POINT_SPACING_MS = 1_000;
const STORED_HISTORY_MS = 5 * 60_000;

type StoredMark = { at: number; events: number; deadLetters: number };

export type LiveState = {
  summary: LiveSummary | null;
  /** Live throughput, oldest first, at most one point per second. */
  points: ThroughputPoint[];
  /** Newest first, deduplicated by broker and id. */
  events: LiveEvent[];
  /** The process's stored counters over time, to add what arrived after the read model. */
  stored: StoredMark[];
};

export const initialLiveState: LiveState = { summary: null, points: [], events: [], stored: [] };

export const eventKey = (e: Pick<LiveEvent, "broker" | "id">) => `${e.broker}\u0000${e.id}`;

export function reduceLive(state: LiveState, summary: LiveSummary): LiveState {
  const at = Date.parse(summary.at);
  if (Number.isNaN(at)) return state;

  const last = state.points.at(-1);
  const point = { t: at, eventsPerSecond: summary.eventsPerSecond };
  const sameSlot = last && Math.floor(last.t / POINT_SPACING_MS) === Math.floor(at / POINT_SPACING_MS);
  const points = sameSlot ? [...state.points.slice(0, -1), point] : [...state.points, point];
  const pointsFrom = at - CHART_WINDOW_MS - 60_000;

  const known = new Set(state.events.map(eventKey));
  const fresh = summary.latest.filter((e) => !known.has(eventKey(e)));
  const events = fresh.length ? [...fresh, ...state.events].slice(0, EVENT_BUFFER) : state.events;

  const mark = { at, events: summary.stored.events, deadLetters: summary.stored.deadLetters };
  const stored = [...state.stored.filter((m) => m.at >= at - STORED_HISTORY_MS), mark];

  return { summary, points: points.filter((p) => p.t >= pointsFrom), events, stored };
}

export type OverviewView = {
  now: number;
  live: boolean;
  eventsPerSecond: number;
  totals: OverviewTotals;
  points: ThroughputPoint[];
  channels: ChannelRate[];
  /** Newest first, deduplicated, before any filter. */
  events: LiveEvent[];
  empty: boolean;
};

/** Counters the server process reported since the read model was taken (0 when unknown). */
function storedSince(stored: StoredMark[], generatedAt: number): { events: number; deadLetters: number } {
  const latest = stored.at(-1);
  if (!latest) return { events: 0, deadLetters: 0 };
  let base = stored[0] ?? latest;
  for (const m of stored) if (m.at <= generatedAt) base = m;
  // A restarted server resets its counters; its reconnect also refetches the read model.
  return {
    events: Math.max(0, latest.events - base.events),
    deadLetters: Math.max(0, latest.deadLetters - base.deadLetters),
  };
}

export function mergeOverview(data: OverviewData, live: LiveState): OverviewView {
  const generatedAt = Date.parse(data.generatedAt);
  const summary = live.summary;
  const now = summary ? Math.max(Date.parse(summary.at), generatedAt) : generatedAt;
  const since = storedSince(live.stored, generatedAt);

  const firstLive = live.points[0]?.t ?? Number.POSITIVE_INFINITY;
  const from = now - CHART_WINDOW_MS;
  const points = [...data.throughput.filter((p) => p.t < firstLive), ...live.points].filter(
    (p) => p.t >= from - 60_000,
  );

  const seen = new Set<string>();
  const events: LiveEvent[] = [];
  for (const e of [...live.events, ...data.latest]) {
    const k = eventKey(e);
    if (seen.has(k)) continue;
    seen.add(k);
    events.push(e);
  }

  const totals: OverviewTotals = {
    ...data.totals,
    eventsStored: data.totals.eventsStored + since.events,
    eventsLastHour: data.totals.eventsLastHour + since.events,
    deadLettersPending: data.totals.deadLettersPending + since.deadLetters,
  };
  return {
    now,
    live: summary !== null,
    eventsPerSecond: summary ? summary.eventsPerSecond : data.eventsPerSecond,
    totals,
    points,
    channels: summary ? summary.channels : data.channels,
    events,
    empty: totals.eventsStored === 0 && events.length === 0,
  };
}

/** Case-insensitive match on type, channel, broker or producer. */
export function filterEvents(events: LiveEvent[], query: string, limit = TABLE_ROWS): LiveEvent[] {
  const q = query.trim().toLowerCase();
  const out: LiveEvent[] = [];
  for (const e of events) {
    if (out.length >= limit) break;
    if (!q || [e.type, e.channel, e.broker, e.producer ?? ""].some((f) => f.toLowerCase().includes(q)))
      out.push(e);
  }
  return out;
}
