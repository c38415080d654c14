// A collector's reprocess commands: how many are in flight, and how those of the last day ended.
// Failures link to the dead letters they left failed again; a possible duplicate (the agent crashed
// mid-publish, so the broker may hold two copies) is called out, since a consumer may see it twice.
import Link from "next/link";
import { TriangleAlert } from "lucide-react";
import type { CollectorRow } from "@/lib/collectors/get-collectors";
import { formatCount } from "@/lib/overview/format";

export function CollectorCommands({ c }: { c: CollectorRow }) {
  const k = c.commands;
  const period = `the last ${k.hours} hours`;
  if (k.open === 0 && k.succeeded + k.failed === 0)
    return (
      <span className="text-fg-subtle" title={`No reprocess command in ${period}`}>
        —
      </span>
    );
  const duplicates = `${formatCount(k.possibleDuplicates)} possible ${k.possibleDuplicates === 1 ? "duplicate" : "duplicates"}`;
  return (
    <div className="min-w-0">
      <div className="flex items-center gap-1.5">
        <span className={k.open > 0 ? "truncate text-fg" : "truncate text-fg-muted"}>
          {k.open > 0 ? `${formatCount(k.open)} in flight` : "idle"}
        </span>
        {k.possibleDuplicates > 0 && (
          <span
            className="inline-flex shrink-0 items-center gap-0.5 text-xs text-warn"
            title={`${duplicates} in ${period}: republished while the agent could not rule out an earlier copy (it stopped mid-publish), so a consumer may have received them twice`}
          >
            <TriangleAlert className="size-3.5" aria-hidden />
            <span aria-hidden>{formatCount(k.possibleDuplicates)}</span>
            <span className="sr-only">{duplicates}</span>
          </span>
        )}
      </div>
      <div className="truncate text-xs text-fg-subtle" title={`Outcomes of ${period}`}>
        {k.succeeded + k.failed === 0 ? "none finished" : `${formatCount(k.succeeded)} ok`}
        {k.failed > 0 && (
          <>
            {" · "}
            <Link
              href={`/dlq?${new URLSearchParams({ ...(c.broker ? { broker: c.broker } : {}), state: "failed_again" })}`}
              className="text-danger underline-offset-2 hover:underline"
              title="Open the dead letters whose reprocess failed"
            >
              {formatCount(k.failed)} failed
            </Link>
          </>
        )}
        <span className="sr-only"> in {period}</span>
      </div>
    </div>
  );
}
