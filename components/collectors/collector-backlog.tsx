// What waits on a collector's broker, from its last heartbeat: the largest consumer lag (else the
// deepest queue), with every reported lag and depth in a disclosure (keyboard-reachable).
import { formatCount } from "@/lib/overview/format";
import type { CollectorRow } from "@/lib/collectors/get-collectors";

export function CollectorBacklog({ gauges, name }: { gauges: CollectorRow["gauges"]; name: string }) {
  if (gauges.length === 0) return <span className="text-fg-subtle">—</span>;
  const lags = gauges.filter((g) => g.name === "lag");
  const top = lags[0] ?? gauges[0]!;
  return (
    <details className="group">
      <summary
        className="cursor-pointer whitespace-nowrap tabular-nums text-fg"
        aria-label={`Broker backlog of ${name}: ${top.value} ${top.name === "lag" ? "lag" : "deep"}`}
      >
        {formatCount(top.value)}{" "}
        <span className="text-xs text-fg-subtle">{top.name === "lag" ? "lag" : "queued"}</span>
      </summary>
      <ul className="mt-1 flex flex-col gap-1 rounded bg-surface-2 p-2 text-xs">
        {gauges.map((g) => (
          <li key={`${g.channel}\0${g.consumer ?? ""}\0${g.name}`} className="min-w-0">
            {/* Two lines, so a long channel name keeps its room in a narrow column (the full name on hover). */}
            <div className="truncate text-fg-muted" title={g.channel}>
              {g.channel}
            </div>
            <div className="flex justify-between gap-2">
              <span className="min-w-0 truncate text-fg-subtle" title={g.consumer}>
                {g.consumer ?? "queue"}
              </span>
              <span className="shrink-0 tabular-nums text-fg">
                {formatCount(g.value)}{" "}
                <span className="text-fg-subtle">{g.name === "lag" ? "lag" : "depth"}</span>
              </span>
            </div>
          </li>
        ))}
      </ul>
    </details>
  );
}
