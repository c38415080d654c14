// The one way a singleton job runs in this process: a round at once (or after `firstAfterMs`) and
// every `everyMs`; a slow round is not stacked on, and a kick during a round runs one more after it;
// each round is timed into eventscope_job_duration_seconds{job}; a failure is logged and the next
// round retries. Across processes, the jobs start only in the worker that holds the leader lock
// (server/leader-jobs.ts), and each round still takes its own advisory lock inside lib/ (a round
// returns { skipped: "locked" } when another process is in that job), so a leader that lost its
// connection mid-round can never run a round beside its successor.
import { observeJob } from "@/lib/metrics/app-metrics";

type Log = { error: (obj: object, msg: string) => void };

export type SingletonJob = { kick: () => void; stop: () => Promise<void> };

export type Skipped = { skipped: string };

export function startSingletonJob<R>(o: {
  /** The job label of eventscope_job_duration_seconds. */
  name: string;
  everyMs: number;
  /** The first round: at once by default. */
  firstAfterMs?: number;
  /** One round; the signal aborts when the job stops (a long round may end early). */
  round: (signal: AbortSignal) => Promise<R>;
  /** What a round that ran (was not skipped) found; for logging and hints. */
  onDone?: (result: Exclude<R, Skipped>, ms: number) => void;
  /** Logged with the error when a round fails. */
  failure: string;
  log: Log;
}): SingletonJob {
  const stopping = new AbortController();
  let current: Promise<void> | null = null;
  let again = false;
  const run = () => {
    if (stopping.signal.aborted) return;
    if (current) {
      again = true;
      return;
    }
    const started = Date.now();
    current = observeJob(o.name, () => o.round(stopping.signal))
      .then((r) => {
        if (!isSkipped(r)) o.onDone?.(r as Exclude<R, Skipped>, Date.now() - started);
      })
      .catch((err: unknown) => o.log.error({ err }, o.failure))
      .finally(() => {
        current = null;
        if (again) {
          again = false;
          run();
        }
      });
  };
  // At once means now, not on a later tick: a job stopped right after starting has still run once.
  const first = o.firstAfterMs ? setTimeout(run, o.firstAfterMs) : undefined;
  first?.unref();
  if (!o.firstAfterMs) run();
  const timer = setInterval(run, o.everyMs);
  timer.unref();
  return {
    kick: run,
    stop: async () => {
      clearTimeout(first);
      clearInterval(timer);
      stopping.abort();
      await current;
    },
  };
}

function isSkipped(r: unknown): r is Skipped {
  return typeof r === "object" && r !== null && "skipped" in r;
}
