// Live throughput: events/s now as a big number beside the five-minute chart.
import { Card, CardHeader } from "@/components/ui/card";
import { ThroughputChart } from "@/components/overview/throughput-chart";
import { formatRate } from "@/lib/overview/format";
import type { ThroughputPoint } from "@/lib/overview/types";

type Props = {
  eventsPerSecond: number;
  points: ThroughputPoint[];
  now: number;
  live: boolean;
  windowSec: number | null;
  zone: "local" | "utc";
};

export function ThroughputCard({ eventsPerSecond, points, now, live, windowSec, zone }: Props) {
  const basis = live && windowSec ? `average over the last ${windowSec} s` : "average over the last minute";
  return (
    <Card as="section" aria-labelledby="throughput-title" className="lg:col-span-2">
      <CardHeader id="throughput-title" title="Throughput" hint="last 5 minutes" />
      <div className="flex h-[244px] flex-col gap-2 p-4 sm:flex-row sm:gap-4">
        <dl className="flex shrink-0 flex-row items-baseline gap-2 sm:w-36 sm:flex-col sm:items-start sm:gap-0">
          <dt className="sr-only">Events per second</dt>
          <dd
            aria-label="Events per second"
            className="text-4xl font-semibold tabular-nums tracking-tight text-fg"
          >
            {formatRate(eventsPerSecond)}
          </dd>
          <dd className="text-sm text-fg-muted">events/s</dd>
          <dd className="text-xs text-fg-subtle sm:mt-2">{basis}</dd>
        </dl>
        <div className="min-h-0 min-w-0 flex-1">
          <ThroughputChart points={points} now={now} zone={zone} />
        </div>
      </div>
    </Card>
  );
}
