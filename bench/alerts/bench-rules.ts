// 1 000 alert rules over bench:queries' topology (40 types on 12 channels, 16 services, one
// broker "bench"), seeded: latency (all percentiles and hops, windows 5 min to 1 h) on types,
// channels, services, consume edges and everything; throughput (below and absent); error rates;
// DLQ depth; collector down. Most share a scope and window with another rule and differ in
// thresholds, as real rule sets do.
import { CHANNELS, SERVICES, typeSpecs } from "../queries/generate-history";
import { mulberry32 } from "../generate-events";
import { ruleInputSchema, type RuleSpec } from "@/lib/alerts/rule-schema";

const WINDOWS = ["5m", "10m", "15m", "30m", "1h"];

export function benchRules(n: number): RuleSpec[] {
  const rand = mulberry32(11);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const specs = typeSpecs();
  const scope = () => {
    const r = rand();
    if (r < 0.45) return { kind: "event_type", type: pick(specs).name };
    if (r < 0.65) return { kind: "channel", broker: "bench", channel: pick(CHANNELS) };
    if (r < 0.8) return { kind: "service", service: pick(SERVICES) };
    if (r < 0.95) {
      const t = pick(specs);
      return {
        kind: "edge",
        direction: "consume",
        broker: "bench",
        channel: CHANNELS[t.channel]!,
        service: SERVICES[pick(t.consumers)]!,
      };
    }
    return { kind: "all" };
  };
  return Array.from({ length: n }, (_, i) => {
    const r = rand();
    const common = { name: `bench rule ${i}`, window: pick(WINDOWS), for: pick([0, 60, 120]) };
    let rule: Record<string, unknown>;
    if (r < 0.5)
      rule = {
        kind: "latency",
        scope: scope(),
        params: {
          percentile: pick(["p50", "p95", "p99"]),
          hop: pick(["e2e", "deliver", "process"]),
          threshold: 50 + Math.floor(rand() * 2000),
        },
      };
    else if (r < 0.75) {
      const s = scope();
      rule = {
        kind: "throughput",
        scope: s,
        params:
          rand() < 0.3
            ? { condition: "absent", edge: s.kind === "edge" ? "consume" : "produce" }
            : { threshold: 1 + Math.floor(rand() * 100), edge: s.kind === "edge" ? "consume" : "produce" },
      };
    } else if (r < 0.9) rule = { kind: "error_rate", scope: scope(), params: { threshold: 1 + rand() * 5 } };
    else if (r < 0.97)
      rule = {
        kind: "dlq_depth",
        scope: { kind: "dlq", broker: "bench", channel: `${pick(CHANNELS)}.dlq` },
        params: { condition: pick(["above", "growing"]), threshold: 10 },
      };
    else rule = { kind: "collector_down", scope: { kind: "all" } };
    return ruleInputSchema.parse({ ...common, ...rule });
  });
}
