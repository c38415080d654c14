// Per-collector-token request rate for ingest (and every collector route): a token that sends
// more than INGEST_RATE_LIMIT requests in a second is answered 429 with Retry-After, which the
// collectors' sender honours. In memory: the app is one process (a scale-out would move this to
// rate-limiter-flexible's Postgres store).
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

type Limiter = { limiter: RateLimiterMemory; points: number; seconds: number };
const g = globalThis as typeof globalThis & { __eventscopeCollectorLimiter?: Limiter };

function make(points: number, seconds: number): Limiter {
  return {
    limiter: new RateLimiterMemory({ keyPrefix: "collector", points, duration: seconds }),
    points,
    seconds,
  };
}

function current(): Limiter {
  return (g.__eventscopeCollectorLimiter ??= make(env().INGEST_RATE_LIMIT, 1));
}

export async function consumeCollectorRequest(collectorId: string): Promise<void> {
  const { limiter, points, seconds } = current();
  try {
    await limiter.consume(collectorId, 1);
  } catch (res) {
    if (!(res instanceof RateLimiterRes)) throw res;
    const wait = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    throw new AppError(
      "rate_limited",
      `this collector token sent more than ${points} requests in ${seconds === 1 ? "a second" : `${seconds} s`}; retry in ${wait} s`,
      undefined,
      wait,
    );
  }
}

/** Tests use a long window so that timing cannot decide the outcome; no argument restores the default. */
export function setCollectorRateLimitForTests(limit?: { points: number; seconds: number }): void {
  g.__eventscopeCollectorLimiter = limit ? make(limit.points, limit.seconds) : undefined;
}
