// Throttled hints on /live ("something changed: refetch"). "The collectors changed" for the
// Collectors page, on the `collectors` view, throttled to at most one push per interval: the
// first change goes out at once, later ones within the interval are folded into one trailing
// push at its end. Every heartbeat of every agent pokes it; the page
// refetches at most once per interval, however many agents there are.
import type { LiveHub } from "@/lib/live/hub";
import { roomOf, type LiveRooms } from "@/server/live-namespace";

export const COLLECTORS_HINT_INTERVAL_MS = 1_000;

export function collectorsHint(live: LiveRooms, intervalMs = COLLECTORS_HINT_INTERVAL_MS): Throttled {
  return throttle(
    () => live.to(roomOf("collectors")).emit("collectors", { at: new Date().toISOString() }),
    intervalMs,
  );
}

export const TRAFFIC_HINT_INTERVAL_MS = 2_000;

/** "New traffic was stored" for the views built from rollups, on the `traffic` view of /live. */
export function trafficHint(live: LiveRooms, intervalMs = TRAFFIC_HINT_INTERVAL_MS): Throttled {
  return throttle(
    () => live.to(roomOf("traffic")).emit("traffic", { at: new Date().toISOString() }),
    intervalMs,
  );
}

export const DEAD_LETTERS_HINT_INTERVAL_MS = 1_000;

/** "Dead letters were stored or changed state" for the DLQ pages, on the `deadLetters` view of /live. */
export function deadLettersHint(live: LiveRooms, intervalMs = DEAD_LETTERS_HINT_INTERVAL_MS): Throttled {
  return throttle(
    () => live.to(roomOf("deadLetters")).emit("deadLetters", { at: new Date().toISOString() }),
    intervalMs,
  );
}

export const REPROCESS_HINT_INTERVAL_MS = 1_000;

/**
 * "A reprocess request's progress changed" for the DLQ page's progress panel, on the `reprocess`
 * view of /live, with the ids that changed (a page showing another request need not refetch).
 */
export function reprocessHint(live: LiveRooms, intervalMs = REPROCESS_HINT_INTERVAL_MS) {
  const pending = new Set<string>();
  const t = throttle(() => {
    const requestIds = [...pending];
    pending.clear();
    live.to(roomOf("reprocess")).emit("reprocess", { at: new Date().toISOString(), requestIds });
  }, intervalMs);
  return {
    poke: (requestIds: readonly string[]) => {
      if (requestIds.length === 0) return;
      requestIds.forEach((id) => pending.add(id));
      t.poke();
    },
    stop: t.stop,
  };
}

/**
 * The DLQ pages' two hints, both fed by the hub: batches that stored dead letters, and state changes
 * recorded through lib/live/publish.ts — by route handlers (discard, purge, reprocess, cancel) in
 * Next's bundle and by the server's dispatcher and collector results alike, so there is one path.
 */
export function dlqHints(live: LiveRooms, hub: LiveHub, intervalMs = DEAD_LETTERS_HINT_INTERVAL_MS) {
  const deadLetters = deadLettersHint(live, intervalMs);
  const reprocess = reprocessHint(live, intervalMs);
  const stopIngest = hub.onIngest((batch) => {
    if (batch.deadLetters > 0) deadLetters.poke();
  });
  const stopChanges = hub.onDeadLettersChanged((requestIds) => {
    deadLetters.poke();
    reprocess.poke(requestIds);
  });
  return {
    stop: () => {
      stopIngest();
      stopChanges();
      deadLetters.stop();
      reprocess.stop();
    },
  };
}

export const ALERTS_HINT_INTERVAL_MS = 1_000;

/**
 * "An evaluation cycle ran" for the Alerts pages, the firing banner and the sidebar badge, on the
 * `alerts` view of /live, fed by the hub (the evaluator records each cycle through
 * lib/live/publish.ts). Cycles folded into one push say `transitions` if any of them had one.
 */
export function alertsHint(live: LiveRooms, hub: LiveHub, intervalMs = ALERTS_HINT_INTERVAL_MS) {
  let transitions = false;
  const t = throttle(() => {
    const hint = { at: new Date().toISOString(), transitions };
    transitions = false;
    live.to(roomOf("alerts")).emit("alerts", hint);
  }, intervalMs);
  const stopListening = hub.onAlertsEvaluated((changed) => {
    transitions ||= changed;
    t.poke();
  });
  return {
    stop: () => {
      stopListening();
      t.stop();
    },
  };
}

export type Throttled = { poke: () => void; stop: () => void };

export function throttle(fire: () => void, intervalMs: number, now: () => number = Date.now): Throttled {
  let last = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    timer = undefined;
    last = now();
    fire();
  };
  return {
    poke: () => {
      if (timer) return;
      const wait = last + intervalMs - now();
      if (wait <= 0) return run();
      timer = setTimeout(run, wait);
      timer.unref();
    },
    stop: () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
