// Numbers on the flow graph: rates, durations and ratios, short enough for an edge label.
import { formatCount, formatRate } from "@/lib/overview/format";

export function formatPerSecond(rate: number): string {
  if (rate > 0 && rate < 0.1) return `${formatRate(rate * 60)}/min`;
  return `${formatRate(rate)}/s`;
}

export function formatMs(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

export function formatPercent(ratio: number): string {
  if (ratio === 0) return "0 %";
  if (ratio < 0.001) return "<0.1 %";
  return `${(ratio * 100).toFixed(ratio < 0.1 ? 1 : 0)} %`;
}

export function formatGauge(v: number | null): string {
  return v === null ? "—" : formatCount(Math.round(v));
}

/** Stroke width by rate: logarithmic, so 0.1/s and 1 000/s both stay readable. */
export function edgeWidth(rate: number): number {
  return Math.min(9, 1.25 + 1.9 * Math.log10(1 + rate * 10));
}
