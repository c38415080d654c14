// The Silences page's calls to /api/v1/silences: query keys, fetchers, the JSON shape
// (lib/alerts/silences.ts answers it) and each silence's status as the page groups them.
import { apiFetch } from "@/lib/http/api-client";

export type Matcher = { label: string; value: string };

export type Silence = {
  id: string;
  ruleId: string | null;
  scopeKey: string | null;
  matchers: Matcher[];
  startsAt: string;
  endsAt: string;
  comment: string;
  createdBy: string | null;
  createdAt: string;
  active: boolean;
};

/** What the create form sends (lib/alerts/notification-schemas.ts' silenceInputSchema). */
export type SilenceInput = {
  ruleId?: string;
  scopeKey?: string;
  matchers: Matcher[];
  startsAt?: string;
  endsAt: string;
  comment: string;
};

export type SilenceStatus = "active" | "pending" | "expired";

export const silenceKeys = {
  all: ["silences"] as const,
  list: ["silences", "list"] as const,
};

export function silenceStatus(s: Pick<Silence, "startsAt" | "endsAt">, nowMs: number): SilenceStatus {
  if (Date.parse(s.endsAt) <= nowMs) return "expired";
  return Date.parse(s.startsAt) > nowMs ? "pending" : "active";
}

/** Every silence, ended ones included (the page shows them under "Expired"). */
export function fetchSilences(signal: AbortSignal) {
  return apiFetch<{ silences: Silence[] }>("/api/v1/silences?expired=1", { signal });
}

export function createSilence(input: SilenceInput) {
  return apiFetch<Silence>("/api/v1/silences", { method: "POST", body: input });
}

/**
 * Ends a silence now. An active one keeps its record, ending at this moment (a whole replace, as the
 * API takes it); one that has not started yet has nothing to keep and is deleted.
 */
export async function expireSilence(s: Silence, nowMs: number): Promise<void> {
  const path = `/api/v1/silences/${encodeURIComponent(s.id)}`;
  if (silenceStatus(s, nowMs) === "pending") return apiFetch<void>(path, { method: "DELETE" });
  const body: SilenceInput = {
    ...(s.ruleId ? { ruleId: s.ruleId } : {}),
    ...(s.scopeKey ? { scopeKey: s.scopeKey } : {}),
    matchers: s.matchers,
    endsAt: new Date(Math.max(nowMs, Date.parse(s.startsAt) + 1000)).toISOString(),
    comment: s.comment,
  };
  await apiFetch<Silence>(path, { method: "PUT", body });
}

export const DURATION_PRESETS = [
  { id: "1h", label: "1 hour", ms: 3_600_000 },
  { id: "4h", label: "4 hours", ms: 4 * 3_600_000 },
  { id: "1d", label: "1 day", ms: 24 * 3_600_000 },
] as const;
export type DurationChoice = (typeof DURATION_PRESETS)[number]["id"] | "custom";

/** The end a duration choice gives, from `nowMs`; a custom end comes from a datetime-local value. */
export function endsAtFor(choice: DurationChoice, custom: string, nowMs: number): string | null {
  const preset = DURATION_PRESETS.find((p) => p.id === choice);
  if (preset) return new Date(nowMs + preset.ms).toISOString();
  const d = new Date(custom); // datetime-local has no zone: read as local time, as the person meant
  return custom && !Number.isNaN(d.getTime()) ? d.toISOString() : null;
}
