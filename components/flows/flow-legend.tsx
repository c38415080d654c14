// What the graph's colours, widths, dashes and motion mean (thresholds from lib/flows/thresholds.ts).
import { HEALTH_COLOR } from "@/components/flows/flow-edge";
import { ERROR_RATE_DANGER, ERROR_RATE_WARN, P95_DANGER_MS, P95_WARN_MS } from "@/lib/flows/thresholds";

const ITEMS = [
  { color: HEALTH_COLOR.ok, text: "healthy" },
  { color: HEALTH_COLOR.warn, text: `≥ ${ERROR_RATE_WARN * 100} % errors or p95 ≥ ${P95_WARN_MS / 1000} s` },
  {
    color: HEALTH_COLOR.danger,
    text: `≥ ${ERROR_RATE_DANGER * 100} % errors or p95 ≥ ${P95_DANGER_MS / 1000} s`,
  },
];

export function FlowLegend() {
  return (
    <ul
      aria-label="Legend"
      className="flex flex-wrap items-center gap-x-4 gap-y-1 border-t border-line px-4 py-2 text-xs text-fg-subtle"
    >
      {ITEMS.map((i) => (
        <li key={i.text} className="flex items-center gap-1.5">
          <span aria-hidden className="h-1 w-5 rounded" style={{ background: i.color }} />
          {i.text}
        </li>
      ))}
      <li>width: events per second</li>
      <li>dashed: dead letters</li>
      <li>moving: traffic in the last 2 min</li>
    </ul>
  );
}
