// Throttles "the collectors changed" into at most one call per interval: the first change goes out
// at once, later ones within the interval are folded into one trailing call at its end. Every
// heartbeat of every agent pokes it; the Collectors page refetches at most once per interval.
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
