// Lets a loop stop while it awaits something that may never settle (a held dead letter, a full
// outbox): the wait ends with Stopped when the adapter's stop signal fires.

export class Stopped extends Error {
  constructor() {
    super("the Redis adapter is stopping");
  }
}

/** Resolves or rejects as `work` does, or rejects with Stopped as soon as `signal` aborts. */
export function untilStopped<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined); // settled later, by nobody: keep it from being an unhandled rejection
    return Promise.reject(new Stopped());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Stopped());
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}
