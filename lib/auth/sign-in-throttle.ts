// Brute-force protection per account: after SIGN_IN_MAX_FAILURES failed sign-ins for one email
// within 15 minutes, that email is refused for the rest of the window whatever the password —
// so an attacker spreading guesses over many addresses still gets few per account. (Requests per
// client address are limited by the auth library's own rate limiter.) In memory: one process today;
// rate-limiter-flexible's Postgres store is the drop-in for several.
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "@/lib/env";

const WINDOW_SECONDS = 15 * 60;

type Limiter = { limiter: RateLimiterMemory; points: number };
const g = globalThis as typeof globalThis & { __eventscopeSignInFailures?: Limiter };

function current(): Limiter {
  if (!g.__eventscopeSignInFailures) {
    const points = env().SIGN_IN_MAX_FAILURES;
    g.__eventscopeSignInFailures = {
      points,
      limiter: new RateLimiterMemory({ keyPrefix: "sign-in", points, duration: WINDOW_SECONDS }),
    };
  }
  return g.__eventscopeSignInFailures;
}

function key(email: string): string {
  return email.trim().toLowerCase();
}

/** Seconds until this email may try again, or 0 when it may try now. */
export async function signInLockedFor(email: string): Promise<number> {
  const { limiter, points } = current();
  const res = await limiter.get(key(email));
  if (!res || res.consumedPoints < points) return 0;
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

export async function noteSignInFailure(email: string): Promise<void> {
  try {
    await current().limiter.consume(key(email), 1);
  } catch (res) {
    if (!(res instanceof RateLimiterRes)) throw res; // over the limit: already locked, nothing to add
  }
}

export async function clearSignInFailures(email: string): Promise<void> {
  await current().limiter.delete(key(email));
}

/** Tests start from a clean slate (and may lower the limit through the environment first). */
export function resetSignInThrottleForTests(): void {
  g.__eventscopeSignInFailures = undefined;
}
