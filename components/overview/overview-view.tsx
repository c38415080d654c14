// The Overview's client side: read model via TanStack Query (first paint from the server), live
// pushes from /live folded on top, and the totals, throughput, channels and latest-events panels.
"use client";

import { useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import { useLiveSummary } from "@/components/live/use-live-summary";
import { ChannelRates } from "@/components/overview/channel-rates";
import { LatestEvents } from "@/components/overview/latest-events";
import { OverviewEmpty } from "@/components/overview/overview-empty";
import { fetchOverview, OVERVIEW_QUERY_KEY } from "@/components/overview/overview-query";
import { StatCards } from "@/components/overview/stat-cards";
import { ThroughputCard } from "@/components/overview/throughput-card";
import { useHydrated } from "@/components/ui/use-hydrated";
import { initialLiveState, mergeOverview, reduceLive } from "@/lib/overview/live-model";
import type { OverviewData } from "@/lib/overview/types";

/** Postgres is the record: re-read it now and then even while pushes flow. */
const REFETCH_MS = 30_000;

export function OverviewView({ initial }: { initial: OverviewData }) {
  const { data } = useQuery({
    queryKey: OVERVIEW_QUERY_KEY,
    queryFn: fetchOverview,
    initialData: initial,
    initialDataUpdatedAt: Date.parse(initial.generatedAt),
    refetchInterval: REFETCH_MS,
  });
  const live = useLiveSummary("overview", reduceLive, initialLiveState, OVERVIEW_QUERY_KEY);
  const view = useMemo(() => mergeOverview(data, live), [data, live]);
  // Server HTML is rendered in UTC; after hydration times follow the browser's zone.
  const zone = useHydrated() ? "local" : "utc";

  if (view.empty) return <OverviewEmpty />;
  return (
    <div className="flex flex-col gap-4">
      <StatCards totals={view.totals} />
      <div className="grid gap-4 lg:grid-cols-3">
        <ThroughputCard
          eventsPerSecond={view.eventsPerSecond}
          points={view.points}
          now={view.now}
          live={view.live}
          windowSec={live.summary?.windowSec ?? null}
          zone={zone}
        />
        <ChannelRates channels={view.channels} live={view.live} />
      </div>
      <LatestEvents events={view.events} zone={zone} />
    </div>
  );
}
