// "Recent reprocessing" under the DLQ list: the newest requests with their progress, each opening
// its page; live on the `reprocess` hint. Nothing at all until there is a first request.
"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { fetchRecentRequests, reprocessKeys } from "@/components/dlq/reprocess-api";
import { ProgressBar, RequestStateBadge } from "@/components/dlq/reprocess-progress";
import { useLiveHint } from "@/components/live/use-live-hint";
import { Card, CardHeader } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";

export function RecentReprocessing() {
  useLiveHint("reprocess", reprocessKeys.recent);
  const q = useQuery({
    queryKey: reprocessKeys.recent,
    queryFn: ({ signal }) => fetchRecentRequests(signal),
    // Besides the hint (one pushed before the subscription is missed): re-read while one runs.
    refetchInterval: (query) =>
      query.state.data?.requests.some((r) => r.state === "running") ? 5_000 : false,
  });
  const requests = q.data?.requests ?? [];
  if (requests.length === 0) return null;
  return (
    <Card as="section" aria-labelledby="recent-reprocessing">
      <CardHeader title="Recent reprocessing" id="recent-reprocessing" />
      <ul className="divide-y divide-line">
        {requests.map((r) => (
          <li
            key={r.id}
            className="relative grid items-center gap-x-4 gap-y-1 px-4 py-2.5 text-sm sm:grid-cols-[8rem_1fr_14rem] hover:bg-surface-2"
          >
            <span className="flex items-center gap-2">
              <RequestStateBadge r={r} />
            </span>
            <ProgressBar r={r} label={`Progress of the request of ${r.requestedBy.label ?? "someone"}`} />
            <Link
              href={`/dlq/reprocess/${r.id}`}
              className="truncate text-fg-muted after:absolute after:inset-0 hover:text-accent focus-visible:after:outline-2 focus-visible:after:outline-accent"
            >
              {r.requestedBy.label ?? "—"} · <LocalTime iso={r.createdAt} format="full" />
              {r.failed > 0 && <span className="text-danger"> · {r.failed} failed</span>}
            </Link>
          </li>
        ))}
      </ul>
    </Card>
  );
}
