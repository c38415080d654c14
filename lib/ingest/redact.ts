// Redaction by field name (REDACT_FIELDS, case-insensitive, any depth) before anything is stored.
// Values are replaced in place: the parsed request body is ours, and copying every payload just
// to change a few keys would double the hot path's allocations.

export const REDACTED = "[redacted]";

export type Redactor = {
  /** Whether values under this key are redacted. */
  matches: (key: string) => boolean;
};

const redactors = new Map<string, Redactor>();

/** One redactor per field list; the per-key answer is cached because payload keys repeat. */
export function makeRedactor(fields: readonly string[]): Redactor {
  const id = fields.join(",");
  const existing = redactors.get(id);
  if (existing) return existing;
  const names = new Set(fields.map((f) => f.toLowerCase()));
  const seen = new Map<string, boolean>();
  const redactor: Redactor = {
    matches(key) {
      let hit = seen.get(key);
      if (hit === undefined) {
        hit = names.has(key.toLowerCase());
        // Bounded: a payload with random keys (ids as keys) must not grow it without end.
        if (seen.size >= 50_000) seen.clear();
        seen.set(key, hit);
      }
      return hit;
    },
  };
  redactors.set(id, redactor);
  return redactor;
}

/** Redacts a flat headers object in place; returns true when anything was replaced. */
export function redactHeaders(headers: Record<string, unknown>, redactor: Redactor): boolean {
  let changed = false;
  for (const key of Object.keys(headers)) {
    if (redactor.matches(key)) {
      headers[key] = REDACTED;
      changed = true;
    }
  }
  return changed;
}
