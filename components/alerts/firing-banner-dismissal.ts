// Which firing alerts the banner was dismissed for. An episode is one rule × scope firing since a
// given time; dismissing hides the banner for the episodes firing then, and it comes back when a new
// one starts (not when one of them resolves). Kept in localStorage, so every tab and page agrees.
import type { FiringAlert } from "@/components/alerts/alerts-api";

const STORAGE_KEY = "eventscope.firingBanner.dismissed";
/** Enough for every episode a banner could have been dismissed for; older ones are dropped. */
const MAX_KEPT = 500;

export function episodeKey(a: Pick<FiringAlert, "ruleId" | "scopeKey" | "firedAt" | "since">): string {
  return `${a.ruleId}\u0000${a.scopeKey}\u0000${a.firedAt ?? a.since}`;
}

/** Whether some firing episode was not dismissed. */
export function hasUndismissed(firing: readonly FiringAlert[], dismissed: ReadonlySet<string>): boolean {
  return firing.some((a) => !dismissed.has(episodeKey(a)));
}

const listeners = new Set<() => void>();
let cached: { raw: string | null; set: ReadonlySet<string> } | undefined;
const EMPTY: ReadonlySet<string> = new Set();

function read(): ReadonlySet<string> {
  let raw: string | null = null;
  try {
    raw = window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return cached?.set ?? EMPTY; // storage disabled: what this tab dismissed, until reload
  }
  if (cached?.raw === raw) return cached.set;
  let set: ReadonlySet<string> = EMPTY;
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    if (Array.isArray(parsed)) set = new Set(parsed.filter((k): k is string => typeof k === "string"));
  } catch {
    set = EMPTY; // a damaged entry is treated as none
  }
  cached = { raw, set };
  return set;
}

export function dismissedEpisodes(): ReadonlySet<string> {
  return read();
}

export function serverDismissed(): ReadonlySet<string> {
  return EMPTY;
}

export function subscribeDismissed(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key === STORAGE_KEY) listener();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

/** Dismisses the banner for these episodes (on top of those dismissed before). */
export function dismissEpisodes(firing: readonly FiringAlert[]): void {
  const keys = [...read(), ...firing.map(episodeKey)];
  const kept = [...new Set(keys)].slice(-MAX_KEPT);
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(kept));
  } catch {
    cached = { raw: null, set: new Set(kept) }; // storage disabled: this tab remembers until reload
  }
  for (const l of listeners) l();
}
