// The trace's waterfall: one row per span and per message hop on a shared time axis. A delivery's
// bar is split in two — the broker's waiting time (publish → deliver) and the consumer's processing
// (deliver → ack) — so where the time went is visible at a glance. Rows are buttons: click, Enter or
// Space selects one for the details panel; Up and Down move between rows.
"use client";

import { ArrowRightLeft, Inbox, Layers } from "lucide-react";
import clsx from "clsx";
import {
  formatDuration,
  type Tone,
  type Waterfall,
  type WaterfallRow,
} from "@/components/traces/waterfall-model";
import { Card, CardHeader } from "@/components/ui/card";
import { moveRowFocus } from "@/components/ui/move-row-focus";

const TONES: Record<Tone, string> = {
  span: "bg-accent",
  error: "bg-danger",
  publish: "bg-fg-muted",
  wait: "bg-warn/45",
  process: "bg-ok",
  failed: "bg-danger",
};
const TONE_NAMES: Record<Tone, string> = {
  span: "span",
  error: "span (error)",
  publish: "publish → seen by the broker",
  wait: "broker wait",
  process: "processing",
  failed: "processing (failed)",
};
const LEGEND: { tone: Tone; label: string }[] = [
  { tone: "span", label: "Span" },
  { tone: "wait", label: "Broker wait" },
  { tone: "process", label: "Processing" },
  { tone: "failed", label: "Error" },
];
const ICONS = { span: Layers, message: ArrowRightLeft, delivery: Inbox } as const;
const TICKS = [0, 0.25, 0.5, 0.75, 1];

/** The bar in words, for screen readers: "broker wait 65 ms, processing 12 ms". */
function segmentText(r: WaterfallRow): string {
  return r.segments.map((s) => `${TONE_NAMES[s.tone]} ${formatDuration(s.toMs - s.fromMs)}`).join(", ");
}

type Props = { waterfall: Waterfall; selected: string | null; onSelect: (row: WaterfallRow) => void };

export function WaterfallChart({ waterfall, selected, onSelect }: Props) {
  const { rows, startMs, endMs } = waterfall;
  const total = Math.max(endMs - startMs, 1);
  const pct = (t: number) => ((t - startMs) / total) * 100;
  return (
    <Card as="section" aria-labelledby="waterfall-title">
      <CardHeader
        id="waterfall-title"
        title="Waterfall"
        hint={`${rows.length} ${rows.length === 1 ? "row" : "rows"} over ${formatDuration(endMs - startMs)}`}
        actions={
          <ul className="hidden items-center gap-3 text-xs text-fg-muted sm:flex" aria-label="Legend">
            {LEGEND.map((l) => (
              <li key={l.tone} className="flex items-center gap-1.5">
                <span aria-hidden className={clsx("h-2.5 w-4 rounded-sm", TONES[l.tone])} />
                {l.label}
              </li>
            ))}
          </ul>
        }
      />
      <div className="overflow-x-auto">
        <div className="min-w-[720px]">
          <div className="grid h-7 grid-cols-[minmax(220px,40%)_1fr_84px] items-end border-b border-line text-[11px] text-fg-subtle">
            <span className="px-4 pb-1">Span or hop</span>
            <div className="relative h-full" aria-hidden>
              {TICKS.map((t) => (
                <span
                  key={t}
                  className={clsx(
                    "absolute bottom-1 tabular-nums",
                    t === 0 ? "left-0" : t === 1 ? "right-0" : "-translate-x-1/2",
                  )}
                  style={t > 0 && t < 1 ? { left: `${t * 100}%` } : undefined}
                >
                  {formatDuration(total * t)}
                </span>
              ))}
            </div>
            <span className="pr-4 pb-1 text-right">Duration</span>
          </div>
          <ol aria-label="Spans and message hops" onKeyDown={(e) => moveRowFocus(e, "button[data-row]")}>
            {rows.map((r) => {
              const Icon = ICONS[r.kind];
              const isSelected = r.id === selected;
              return (
                <li key={r.id}>
                  <button
                    type="button"
                    data-row={r.id}
                    aria-current={isSelected || undefined}
                    onClick={() => onSelect(r)}
                    className={clsx(
                      "grid h-11 w-full grid-cols-[minmax(220px,40%)_1fr_84px] items-center border-b border-line text-left text-sm last:border-b-0 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-accent",
                      isSelected ? "bg-accent-soft" : "hover:bg-surface-2",
                    )}
                  >
                    <span
                      className="flex min-w-0 items-center gap-1.5 pr-3"
                      style={{ paddingLeft: 16 + r.depth * 14 }}
                    >
                      <Icon
                        aria-hidden
                        className={clsx("size-3.5 shrink-0", r.error ? "text-danger" : "text-fg-subtle")}
                      />
                      <span className="flex min-w-0 flex-col leading-tight">
                        <span
                          className={clsx("truncate", r.error ? "text-danger" : "text-fg")}
                          title={r.label}
                        >
                          {r.label}
                        </span>
                        <span className="truncate text-xs text-fg-subtle" title={r.detail}>
                          {r.detail}
                          {r.kind === "delivery" && <span className="sr-only">, {segmentText(r)}</span>}
                        </span>
                      </span>
                    </span>
                    <span className="relative h-full" aria-hidden>
                      {TICKS.slice(1, -1).map((t) => (
                        <span
                          key={t}
                          className="absolute inset-y-0 w-px bg-line"
                          style={{ left: `${t * 100}%` }}
                        />
                      ))}
                      {r.segments.map((s, i) => (
                        <span
                          key={i}
                          title={`${TONE_NAMES[s.tone]}: ${formatDuration(s.toMs - s.fromMs)}`}
                          className={clsx("absolute top-1/2 h-3 -translate-y-1/2 rounded-sm", TONES[s.tone])}
                          style={{
                            left: `${pct(s.fromMs)}%`,
                            width: `max(2px, ${pct(s.toMs) - pct(s.fromMs)}%)`,
                          }}
                        />
                      ))}
                    </span>
                    <span className="pr-4 text-right text-xs text-fg-muted tabular-nums">
                      {formatDuration(r.endMs - r.startMs)}
                    </span>
                  </button>
                </li>
              );
            })}
          </ol>
        </div>
      </div>
    </Card>
  );
}
