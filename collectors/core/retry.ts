// Retry timing for the sender: exponential backoff with jitter, and the server's Retry-After.

/**
 * "Equal jitter": half the exponential step fixed, half random. Collectors that lost the server
 * at the same moment spread out instead of retrying in lockstep, and no wait collapses to ~0.
 */
export function backoffMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const step = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(step / 2 + random() * (step / 2));
}

/** Retry-After as delay-seconds or an HTTP-date, in ms (≥ 0, at most maxMs); undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, maxMs: number, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (value === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.min(maxMs, Math.max(0, Math.round(seconds * 1000)));
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.min(maxMs, Math.max(0, date - now));
}

/**
 * The wait before retrying a request the server answered with Retry-After: at least what it
 * asked, plus up to a quarter more at random. Collectors refused in the same overloaded second
 * (ingest backpressure) come back spread out instead of together, to be refused together again.
 */
export function spreadRetryAfter(ms: number, random: () => number = Math.random): number {
  return Math.round(ms + random() * (ms / 4));
}

/** Resolves after ms, or at once when the signal aborts (stop must not wait out a long backoff). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
