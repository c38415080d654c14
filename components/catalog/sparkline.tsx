// A tiny inline SVG of a type's last hour (12 buckets of 5 minutes): one <svg> per row instead of a
// chart library instance, so a list of hundreds of types stays cheap to render.
import { formatCount } from "@/lib/overview/format";

const W = 64;
const H = 22;

/** The polyline's points, scaled to the series' own peak (a flat line on the floor when all are 0). */
export function sparkPoints(values: readonly number[], w = W, h = H): [number, number][] {
  const max = Math.max(0, ...values);
  const step = values.length > 1 ? w / (values.length - 1) : 0;
  return values.map((v, i) => [
    Math.round(i * step * 10) / 10,
    Math.round((h - 1 - (max > 0 ? (Math.max(0, v) / max) * (h - 3) : 0)) * 10) / 10,
  ]);
}

export function Sparkline({ values, label }: { values: readonly number[]; label: string }) {
  const pts = sparkPoints(values);
  const line = pts.map(([x, y]) => `${x},${y}`).join(" ");
  const area = pts.length > 1 ? `M0,${H} L${line.replaceAll(" ", " L")} L${W},${H} Z` : "";
  return (
    <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} className="shrink-0">
      <title>{`${label} (events per minute: ${values.map((v) => formatCount(Math.round(v))).join(", ")})`}</title>
      {area && <path d={area} fill="var(--chart-fill)" />}
      <polyline points={line} fill="none" stroke="var(--accent)" strokeWidth={1.5} strokeLinejoin="round" />
    </svg>
  );
}
