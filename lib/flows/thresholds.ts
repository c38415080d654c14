// When an edge turns amber or red: error rate first (failures matter more than slowness), then
// p95 latency (end to end on consume edges, the consumer's whole wait). Shared by the graph's
// colours and its legend so the two never disagree.
import type { Health, Percentiles } from "@/lib/flows/api-types";

export const ERROR_RATE_WARN = 0.01;
export const ERROR_RATE_DANGER = 0.05;
export const P95_WARN_MS = 1_000;
export const P95_DANGER_MS = 5_000;

export function edgeHealth(
  count: number,
  errorRate: number,
  latency: Percentiles,
  e2e: Percentiles | null,
): Health {
  if (count === 0) return "idle";
  const p95 = e2e?.p95 ?? latency.p95 ?? 0;
  if (errorRate >= ERROR_RATE_DANGER || p95 >= P95_DANGER_MS) return "danger";
  if (errorRate >= ERROR_RATE_WARN || p95 >= P95_WARN_MS) return "warn";
  return "ok";
}
