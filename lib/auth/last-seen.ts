// Cheap "last seen" stamps (collectors.last_seen_at, api_tokens.last_used_at): at most one write
// per credential per 30 s per process, fired and forgotten (a request must not wait on it, and must
// not fail because of it).
import { pool } from "@/lib/db/client";
import { log } from "@/lib/log";

export const LAST_SEEN_INTERVAL_MS = 30_000;

const STAMP = {
  collector: "UPDATE collectors SET last_seen_at = now() WHERE id = $1",
  apiToken: "UPDATE api_tokens SET last_used_at = now() WHERE id = $1",
} as const;

const g = globalThis as typeof globalThis & { __eventscopeLastSeen?: Map<string, number> };

export function noteSeen(kind: keyof typeof STAMP, id: string, now = Date.now()): void {
  const seen = (g.__eventscopeLastSeen ??= new Map());
  const key = `${kind}:${id}`;
  const last = seen.get(key);
  if (last !== undefined && now - last < LAST_SEEN_INTERVAL_MS) return;
  seen.set(key, now);
  pool()
    .query(STAMP[kind], [id])
    .catch((err: unknown) => {
      seen.delete(key); // try again on the next request
      log.warn({ err, kind, id }, "could not record when a credential was last used");
    });
}

/** Tests check the throttle from a clean slate. */
export function resetLastSeenForTests(): void {
  g.__eventscopeLastSeen?.clear();
}
