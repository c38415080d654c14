// The flow page's controls: the time window, a filter per broker, event type, service and
// channel (values from the graph's facets) and Clear.
"use client";

import { X } from "lucide-react";
import clsx from "clsx";
import { Button } from "@/components/ui/button";
import { FILTER_KEYS, WINDOW_LABELS, type FilterKey, type FlowParams } from "@/components/flows/flows-api";
import { FLOW_WINDOWS, type FlowFacets, type FlowWindow } from "@/lib/flows/api-types";

export const CONTROL =
  "h-8 rounded-md border border-line-strong bg-surface px-2 text-sm text-fg focus:border-accent focus:outline-none focus:ring-2 focus:ring-accent/30";

const FILTER_TEXT: Record<FilterKey, { label: string; facet: keyof FlowFacets }> = {
  broker: { label: "Broker", facet: "brokers" },
  type: { label: "Event type", facet: "types" },
  service: { label: "Service", facet: "services" },
  channel: { label: "Channel", facet: "channels" },
};

type Props = {
  params: FlowParams;
  facets: FlowFacets | undefined;
  onWindow: (w: FlowWindow) => void;
  onFilter: (key: FilterKey, value: string) => void;
  onClear: () => void;
};

export function FlowToolbar({ params, facets, onWindow, onFilter, onClear }: Props) {
  const filtered = FILTER_KEYS.some((k) => params[k]);
  return (
    <div className="flex flex-wrap items-end gap-x-3 gap-y-2 border-b border-line px-4 py-3">
      <div
        role="group"
        aria-label="Time window"
        className="flex h-8 rounded-md border border-line-strong p-0.5"
      >
        {FLOW_WINDOWS.map((w) => (
          <button
            key={w}
            type="button"
            aria-pressed={params.window === w}
            onClick={() => onWindow(w)}
            className={clsx(
              "rounded px-2.5 text-xs font-medium whitespace-nowrap focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-accent",
              params.window === w
                ? "bg-accent text-accent-fg"
                : "text-fg-muted hover:bg-surface-2 hover:text-fg",
            )}
          >
            {WINDOW_LABELS[w]}
          </button>
        ))}
      </div>
      {FILTER_KEYS.map((key) => {
        const values = facets?.[FILTER_TEXT[key].facet] ?? [];
        const options = params[key] && !values.includes(params[key]) ? [params[key], ...values] : values;
        return (
          <label key={key} className="flex min-w-0 flex-col gap-1 text-xs text-fg-subtle">
            {FILTER_TEXT[key].label}
            <select
              value={params[key]}
              onChange={(e) => onFilter(key, e.target.value)}
              className={clsx(CONTROL, "w-32 max-w-full truncate pr-6")}
            >
              <option value="">Any</option>
              {options.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          </label>
        );
      })}
      <Button
        size="sm"
        variant="ghost"
        className={clsx("h-8", !filtered && "invisible")}
        icon={<X className="size-3.5" aria-hidden />}
        onClick={onClear}
      >
        Clear filters
      </Button>
    </div>
  );
}
