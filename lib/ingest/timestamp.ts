// Strict timestamp parsing for the ingest contract: ISO 8601 with a zone, or epoch milliseconds,
// within a plausible range. Date.parse alone is too lenient (it rolls 2024-02-30 over to March
// and accepts "2024-01-01 00:00Z"), and a collector's bad clock should be named, not stored.

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)$/i;

export const EARLIEST_MS = Date.UTC(2000, 0, 1);
export const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;

export const TIMESTAMP_FORMAT = "must be an ISO 8601 date-time with a time zone";

/** Parses an ISO 8601 date-time with zone to epoch ms, or returns an error message. */
export function parseIsoTimestamp(s: string): number | string {
  const m = ISO.exec(s);
  if (!m) return TIMESTAMP_FORMAT;
  const [, y, mo, d, h, mi, sec, frac, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = sec === undefined ? 0 : Number(sec);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59)
    return "is not a valid date";
  // Digits, not float maths: 0.153 × 1000 is 152.99999999999997.
  const millis = frac === undefined ? 0 : Number(`${frac}00`.slice(0, 3));
  let ms = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC rolls day 31 of a 30-day month over; a round trip catches it.
  if (new Date(ms).getUTCDate() !== day) return "is not a valid date";
  if (zone && zone.toUpperCase() !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const offsetMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || "0");
    if (offsetMin > 18 * 60) return "has an invalid time zone offset";
    ms -= sign * offsetMin * 60_000;
  }
  return ms;
}

/** Range check shared by every timestamp field; `now` is injectable for tests. */
export function checkTimestampRange(ms: number, now = Date.now()): string | null {
  if (ms < EARLIEST_MS) {
    return ms < 100_000_000_000
      ? "is before the year 2000 (epoch seconds instead of milliseconds?)"
      : "is before the year 2000";
  }
  if (ms > now + MAX_FUTURE_MS) return `is more than 24 hours in the future (${new Date(ms).toISOString()})`;
  return null;
}

/** Parses a contract timestamp (ISO string or epoch ms) to epoch ms, or returns an error message. */
export function parseTimestamp(v: string | number, now = Date.now()): number | string {
  let ms: number | string;
  if (typeof v === "number") {
    if (!Number.isInteger(v)) return "must be integer epoch milliseconds";
    ms = v;
  } else {
    ms = parseIsoTimestamp(v);
  }
  if (typeof ms === "string") return ms;
  return checkTimestampRange(ms, now) ?? ms;
}
