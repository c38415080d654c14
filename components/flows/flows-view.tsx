// The flows page's client side: the graph for the window and filters in the URL, refetched on each
// "traffic" live hint; a details drawer for the selected node or edge; loading, empty and error
// states at the canvas's size.
"use client";

import { useCallback, useState } from "react";
import Link from "next/link";
import { SearchX, Workflow } from "lucide-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ReactFlowProvider } from "@xyflow/react";
import { FlowCanvas, type FocusRequest } from "@/components/flows/flow-canvas";
import { FlowDetails } from "@/components/flows/flow-details";
import { FindNode } from "@/components/flows/find-node";
import { FlowLegend } from "@/components/flows/flow-legend";
import { FlowToolbar } from "@/components/flows/flow-toolbar";
import {
  fetchFlowGraph,
  FILTER_KEYS,
  flowKeys,
  WINDOW_LABELS,
  type FilterKey,
} from "@/components/flows/flows-api";
import { CANVAS_HEIGHT, FlowCanvasSkeleton } from "@/components/flows/flows-skeleton";
import { formatPerSecond } from "@/components/flows/format-flow";
import { useFlowParams } from "@/components/flows/use-flow-params";
import { useLiveHint } from "@/components/live/use-live-hint";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadError } from "@/components/ui/load-error";

/** Rates decay when traffic stops, and no hint says so: re-read now and then as well. */
const REFETCH_MS = 30_000;

export function FlowsView() {
  const { params, update } = useFlowParams();
  const { select, ...query } = params;
  const [focus, setFocus] = useState<FocusRequest | null>(null);
  useLiveHint("traffic", flowKeys.all);
  const q = useQuery({
    queryKey: flowKeys.graph(query),
    queryFn: ({ signal }) => fetchFlowGraph(query, signal),
    placeholderData: keepPreviousData,
    refetchInterval: REFETCH_MS,
  });
  const graph = q.data;
  const onSelect = useCallback((id: string) => update({ select: id }), [update]);
  const onFilter = (key: FilterKey, value: string) => update({ [key]: value, select: "" });
  const onFind = (id: string) => {
    setFocus((f) => ({ id, seq: (f?.seq ?? 0) + 1 }));
    update({ select: id });
  };
  const filtered = FILTER_KEYS.some((k) => params[k]);
  const services = graph?.nodes.filter((n) => n.kind === "service").length ?? 0;
  const channels = graph ? graph.nodes.length - services : 0;
  const total = graph?.edges.filter((e) => e.kind === "produce").reduce((s, e) => s + e.rate, 0) ?? 0;

  return (
    <Card as="section" aria-labelledby="flows-title" className="overflow-hidden">
      <CardHeader
        id="flows-title"
        title="Flow graph"
        hint={
          graph
            ? `${services} services · ${channels} channels · ${formatPerSecond(total)} published · ${WINDOW_LABELS[graph.window]}`
            : undefined
        }
        actions={<FindNode nodes={graph?.nodes ?? []} onFind={onFind} />}
      />
      <FlowToolbar
        params={params}
        facets={graph?.facets}
        onWindow={(window) => update({ window })}
        onFilter={onFilter}
        onClear={() => update({ broker: "", type: "", service: "", channel: "", select: "" })}
      />
      {q.isError && !graph ? (
        <div className={`grid place-items-center ${CANVAS_HEIGHT}`}>
          <LoadError
            title="The flow graph could not be loaded"
            error={q.error}
            onRetry={() => void q.refetch()}
          />
        </div>
      ) : !graph ? (
        <FlowCanvasSkeleton />
      ) : graph.nodes.length === 0 ? (
        <div className={`grid place-items-center ${CANVAS_HEIGHT}`}>
          {filtered ? (
            <EmptyState icon={SearchX} title="No flow matches these filters">
              <p>Try another filter or a longer window.</p>
              <Button
                className="mt-3"
                onClick={() => update({ broker: "", type: "", service: "", channel: "" })}
              >
                Clear filters
              </Button>
            </EmptyState>
          ) : (
            <EmptyState
              icon={Workflow}
              title={`No traffic in the last ${WINDOW_LABELS[graph.window].toLowerCase()}`}
            >
              <p>
                Services and channels appear as soon as events flow. Try a longer window, or point a collector
                at your broker (
                <Link
                  href="/collectors"
                  className="font-medium text-accent underline-offset-2 hover:underline"
                >
                  Collectors
                </Link>
                ).
              </p>
              {graph.window !== "7d" && (
                <Button className="mt-3" onClick={() => update({ window: "7d" })}>
                  Show the last 7 days
                </Button>
              )}
            </EmptyState>
          )}
        </div>
      ) : (
        <ReactFlowProvider>
          <div className="flex flex-col lg:flex-row">
            <div
              className={`flow-canvas relative min-w-0 flex-1 ${CANVAS_HEIGHT}`}
              aria-busy={q.isFetching && q.isPlaceholderData ? true : undefined}
            >
              <FlowCanvas graph={graph} selected={select} onSelect={onSelect} focus={focus} />
            </div>
            {select && (
              <FlowDetails
                selected={select}
                graph={graph}
                window={params.window}
                onSelect={onSelect}
                onFilter={onFilter}
              />
            )}
          </div>
        </ReactFlowProvider>
      )}
      <FlowLegend />
    </Card>
  );
}
