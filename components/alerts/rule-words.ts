// A rule in words for people: its kind, its condition with the threshold and unit, a value with its
// unit, a duration. One place, so the list, the detail page and (next) the form say the same thing.
import type { AlertRule, RuleState } from "@/components/alerts/alerts-api";
import type { RuleKind, RuleSpec } from "@/lib/alerts/rule-schema";
import { roundValue } from "@/lib/alerts/summary-template";

export const KIND_LABEL: Record<RuleKind, string> = {
  latency: "Latency",
  error_rate: "Error rate",
  dlq_depth: "DLQ depth",
  throughput: "Throughput",
  consumer_lag: "Consumer lag",
  schema: "Schema",
  collector_down: "Collector down",
};

export const STATE_LABEL: Record<RuleState, string> = {
  firing: "Firing",
  pending: "Pending",
  error: "Error",
  nodata: "No data",
  normal: "Normal",
  paused: "Paused",
};

export const SEVERITY_LABEL: Record<RuleSpec["severity"], string> = {
  critical: "Critical",
  warning: "Warning",
  info: "Info",
};

const HOP: Record<string, string> = {
  e2e: "end-to-end",
  deliver: "delivery",
  process: "processing",
  broker: "publish-to-broker",
};

const number = new Intl.NumberFormat("en-US", { maximumFractionDigits: 3 });

/** The unit a rule's value is in, after the number ("ms", "%", "events/min"); "" for a plain count. */
export function unitOf(r: RuleSpec): string {
  switch (r.kind) {
    case "latency":
      return " ms";
    case "error_rate":
      return " %";
    case "dlq_depth":
      return r.params.condition === "growing" ? " /min" : "";
    case "throughput":
      return r.params.condition === "absent" ? " events" : " events/min";
    case "consumer_lag":
      return " messages";
    case "schema":
      return "";
    case "collector_down":
      return " s";
  }
}

/** A value with the rule's unit, or "no data". */
export function valueWords(r: RuleSpec, value: number | null): string {
  return value === null ? "no data" : `${number.format(roundValue(value))}${unitOf(r)}`;
}

/** The threshold the value is held against; null for kinds without one (absent, collector down). */
export function thresholdOf(r: RuleSpec): number | null {
  if (r.kind === "collector_down") return null;
  return r.params.threshold ?? null;
}

/** When the rule is breached, in a phrase: "p99 end-to-end latency above 800 ms". */
export function conditionWords(r: RuleSpec): string {
  const t = thresholdOf(r);
  const at = t === null ? "" : number.format(t);
  switch (r.kind) {
    case "latency":
      return `${r.params.percentile} ${HOP[r.params.hop] ?? r.params.hop} latency above ${at} ms`;
    case "error_rate":
      return r.params.source === "dead_letters"
        ? `dead letters above ${at} % of published events`
        : `failed deliveries above ${at} %`;
    case "dlq_depth":
      return r.params.condition === "growing"
        ? `more than ${at} new dead letters per minute`
        : `more than ${at} dead letters waiting`;
    case "throughput": {
      const what = r.params.edge === "consume" ? "consumed" : "published";
      return r.params.condition === "absent"
        ? `no ${what} event`
        : `fewer than ${at} ${what} events per minute`;
    }
    case "consumer_lag":
      return `consumer lag above ${at} messages`;
    case "schema":
      return r.params.signal === "drift"
        ? `more than ${at} event types drifted from their registered schema`
        : `more than ${at} schema violation places`;
    case "collector_down":
      return "a collector silent past the window";
  }
}

/** When a firing rule resolves, in words. */
export function resolveWords(r: RuleSpec): string {
  if (r.kind === "collector_down") return "once the collector is heard from again";
  if (r.kind === "throughput" && r.params.condition === "absent")
    return "once an event arrives in the window";
  if (r.params.resolveThreshold === undefined) return "once the value is back past the threshold";
  const at = `${number.format(r.params.resolveThreshold)}${unitOf(r)}`;
  return r.kind === "throughput" ? `once at or above ${at}` : `once at or below ${at}`;
}

/** The rule in one sentence: "Fires after 2 min pending when p99 … above 800 ms on type X over 5 min." */
export function ruleSentence(r: RuleSpec, scope: string): string {
  const when = r.for > 0 ? `after ${durationWords(r.for)} pending` : "at once";
  const over = r.kind === "collector_down" ? "" : ` over ${durationWords(r.window)}`;
  return `Fires ${when} when ${conditionWords(r)} on ${scope}${over}.`;
}

/** Seconds as people say them: "at once", "90 s", "5 min", "1 h 30 min", "1 d". */
export function durationWords(sec: number): string {
  if (sec <= 0) return "at once";
  const d = Math.floor(sec / 86_400);
  const h = Math.floor((sec % 86_400) / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = sec % 60;
  if (sec < 120 && s !== 0) return `${sec} s`;
  return [d && `${d} d`, h && `${h} h`, m && `${m} min`, s && `${s} s`].filter(Boolean).join(" ");
}

/** How many of the rule's scopes are firing (a rule with one scope: 0 or 1). */
export function firingCount(r: AlertRule): number {
  return r.instances.filter((i) => i.state === "firing").length;
}
