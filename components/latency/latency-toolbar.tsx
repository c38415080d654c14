// The Latency page's controls: scope (event type, channel, service), hop, range (or the zoomed
// window with Zoom out), and "compare with the previous period". Native selects and buttons, so
// every control works by keyboard.
"use client";

import { useId, type ReactNode } from "react";
import { ZoomOut } from "lucide-react";
import clsx from "clsx";
import type { LatencyParams } from "@/components/latency/latency-params";
import { formatTick } from "@/components/ui/chart";
import { Button } from "@/components/ui/button";
import { Switch } from "@/components/ui/switch";
import type { LatencyScopes } from "@/lib/latency/api-types";
import type { Hop } from "@/lib/latency/latency-schemas";
import { RANGES, type RangeKey } from "@/lib/latency/window";

const CONTROL =
  "h-8 rounded-md border border-line-strong bg-surface px-2 text-sm text-fg focus:border-accent focus:outline-none focus:ring-2 focus:ring-accent/30 disabled:opacity-60";

export const HOP_LABELS: Record<Hop, string> = {
  e2e: "End to end (publish → ack)",
  deliver: "Publish → deliver",
  process: "Deliver → ack (processing)",
  broker: "Broker (publish → observed)",
};

const HOP_SHORT: Record<Hop, string> = {
  e2e: "end to end",
  deliver: "publish → deliver",
  process: "processing",
  broker: "broker",
};

type Props = {
  params: LatencyParams;
  scopes: LatencyScopes | undefined;
  /** The hop the server chose when the URL leaves it open. */
  effectiveHop: Hop | undefined;
  zone: "local" | "utc";
  onChange: (next: LatencyParams) => void;
  onZoomOut: () => void;
};

function Select({
  label,
  value,
  onChange,
  children,
  disabled,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  children: ReactNode;
  disabled?: boolean;
}) {
  return (
    <label className="flex min-w-0 flex-col gap-1 text-xs text-fg-subtle">
      {label}
      <select
        value={value}
        onChange={(e) => onChange(e.target.value)}
        disabled={disabled}
        className={clsx(CONTROL, "w-52 max-w-full")}
      >
        {children}
      </select>
    </label>
  );
}

export function LatencyToolbar({ params, scopes, effectiveHop, zone, onChange, onZoomOut }: Props) {
  const compareId = useId();
  const set = (patch: Partial<LatencyParams>) => onChange({ ...params, ...patch });
  const loading = !scopes;
  // A value in the URL that the lists do not (yet) hold still shows as selected.
  const types = scopes ? [...new Set([...(params.type ? [params.type] : []), ...scopes.types])].sort() : [];
  const services = scopes
    ? [...new Set([...(params.service ? [params.service] : []), ...scopes.services])].sort()
    : [];
  const zoom = params.zoom;
  return (
    <div className="flex flex-col gap-3 border-b border-line px-4 py-3">
      <div className="flex flex-wrap items-end gap-x-4 gap-y-2">
        <Select
          label="Event type"
          value={params.type ?? ""}
          disabled={loading}
          onChange={(v) => set({ type: v || null })}
        >
          <option value="">All event types</option>
          {types.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </Select>
        <Select
          label="Channel"
          value={params.channel === null ? "" : String(params.channel)}
          disabled={loading}
          onChange={(v) => set({ channel: v ? Number(v) : null })}
        >
          <option value="">All channels</option>
          {scopes?.channels.map((c) => (
            <option key={c.id} value={c.id}>
              {c.broker} · {c.name}
            </option>
          ))}
        </Select>
        <Select
          label="Service"
          value={params.service ?? ""}
          disabled={loading}
          onChange={(v) => set({ service: v || null })}
        >
          <option value="">All services</option>
          {services.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </Select>
        <Select
          label="Hop"
          value={params.hop ?? ""}
          onChange={(v) => set({ hop: (v || null) as Hop | null, edge: null })}
        >
          <option value="">Auto{effectiveHop && !params.hop ? `: ${HOP_SHORT[effectiveHop]}` : ""}</option>
          {(Object.keys(HOP_LABELS) as Hop[]).map((h) => (
            <option key={h} value={h}>
              {HOP_LABELS[h]}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <div
          role="group"
          aria-label="Time range"
          className="flex overflow-hidden rounded-md border border-line-strong"
        >
          {RANGES.map((r: RangeKey) => {
            const pressed = !zoom && params.range === r;
            return (
              <button
                key={r}
                type="button"
                aria-pressed={pressed}
                onClick={() => set({ range: r, zoom: null })}
                className={clsx(
                  "h-8 border-l border-line-strong px-3 text-sm font-medium tabular-nums first:border-l-0",
                  pressed
                    ? "bg-accent text-accent-fg"
                    : "bg-surface text-fg-muted hover:bg-surface-2 hover:text-fg",
                )}
              >
                {r}
              </button>
            );
          })}
        </div>
        {zoom ? (
          <div className="flex items-center gap-2 text-sm text-fg-muted">
            <span className="tabular-nums" aria-live="polite">
              {formatTick(Date.parse(zoom.from), Infinity, zone)} –{" "}
              {formatTick(Date.parse(zoom.to), Infinity, zone)}
            </span>
            <Button size="sm" icon={<ZoomOut className="size-3.5" aria-hidden />} onClick={onZoomOut}>
              Zoom out
            </Button>
          </div>
        ) : (
          <span className="hidden text-xs text-fg-subtle sm:inline">Drag across the chart to zoom in.</span>
        )}
        <div className="flex items-center gap-2 sm:ml-auto">
          <Switch checked={params.compare} onChange={(compare) => set({ compare })} labelledBy={compareId} />
          <span id={compareId} className="text-sm text-fg">
            Compare with previous period
          </span>
        </div>
      </div>
    </div>
  );
}
