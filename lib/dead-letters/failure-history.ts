// A dead letter's failure history, read from its stored headers: RabbitMQ's x-death (one entry per
// queue and reason, newest first, each with a count; else the flat x-death-* / x-first-death-*)
// and the delivery counters other brokers and frameworks leave (NATS Nats-Num-Delivered, Spring's
// retry_topic-attempts, a plain x-delivery-count). Ingest keeps headers flat, so the collectors send
// x-death as JSON text (an array, or its only entry alone: collectors/core/extract/headers.ts);
// times may be ISO text, AMQP seconds or `{ "!": "timestamp", value }`. Nothing here throws on an
// odd value.
import type { FailureEntry } from "@/lib/dead-letters/api-types";

const COUNTER_HEADERS =
  /^(x-delivery-count|x-retry-count|x-attempts?|nats-num-delivered|retry_topic-attempts|delivery-count|x-redelivered-count)$/i;

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | null {
  return typeof v === "string" && v !== "" ? v : null;
}

function num(v: unknown): number | null {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** An AMQP time: seconds since the epoch, the collector's tagged form, or an ISO string. */
function time(v: unknown): string | null {
  const raw = isTable(v) && v["!"] === "timestamp" ? v.value : v;
  const n = num(raw);
  if (n !== null) {
    const ms = n < 1e11 ? n * 1000 : n; // seconds (AMQP) or milliseconds
    const d = new Date(ms);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
  if (typeof raw === "string" && !Number.isNaN(Date.parse(raw))) return new Date(raw).toISOString();
  return null;
}

function xDeath(v: unknown): FailureEntry[] {
  const parsed = typeof v === "string" ? tryJson(v) : v;
  const list: unknown[] = Array.isArray(parsed) ? parsed : isTable(parsed) ? [parsed] : [];
  return list.filter(isTable).map((e) => ({
    source: "x-death",
    reason: str(e.reason),
    queue: str(e.queue),
    exchange: typeof e.exchange === "string" ? e.exchange : null,
    routingKeys: Array.isArray(e["routing-keys"])
      ? e["routing-keys"].filter((k) => typeof k === "string")
      : [],
    count: Math.max(1, Math.trunc(num(e.count) ?? 1)),
    time: time(e.time),
  }));
}

function tryJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined; // not JSON: a header that merely looks like one is no history
  }
}

/**
 * RabbitMQ 3.13+'s x-first-death-* / x-last-death-* and a flat x-death-* (reason, queue, exchange,
 * count, time): one entry per prefix present. Read only when there is no x-death list, which holds
 * the same deaths in full.
 */
function flatDeaths(headers: Record<string, unknown>): FailureEntry[] {
  const out: FailureEntry[] = [];
  for (const prefix of ["x-death-", "x-last-death-", "x-first-death-"]) {
    const reason = str(headers[`${prefix}reason`]);
    const queue = str(headers[`${prefix}queue`]);
    if (!reason && !queue) continue;
    const exchange = headers[`${prefix}exchange`];
    out.push({
      source: prefix.slice(0, -1),
      reason,
      queue,
      exchange: typeof exchange === "string" ? exchange : null,
      routingKeys: [],
      count: Math.max(1, Math.trunc(num(headers[`${prefix}count`]) ?? 1)),
      time: time(headers[`${prefix}time`]),
    });
  }
  return out;
}

export function failureHistory(headers: Record<string, unknown> | null): FailureEntry[] {
  if (!headers) return [];
  const deaths: FailureEntry[] = [];
  const counters: FailureEntry[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === "x-death") deaths.push(...xDeath(value));
    else if (COUNTER_HEADERS.test(name)) {
      const count = num(value);
      if (count !== null && count >= 0)
        counters.push({
          source: name,
          reason: null,
          queue: null,
          exchange: null,
          routingKeys: [],
          count,
          time: null,
        });
    }
  }
  return [...(deaths.length > 0 ? deaths : flatDeaths(headers)), ...counters];
}
