// The live tail: the newest stored events (seeded from Postgres, then from live pushes), with a
// filter over type, channel, broker and producer that keeps matching events as they arrive.
import { useId, useState } from "react";
import { Search } from "lucide-react";
import { SEARCH_SHORTCUT, SearchShortcutHint } from "@/components/ui/search-shortcut";
import { Card, CardHeader } from "@/components/ui/card";
import { formatBytes, formatClock } from "@/lib/overview/format";
import { eventKey, filterEvents, TABLE_ROWS } from "@/lib/overview/live-model";
import type { LiveEvent } from "@/lib/live/events";

const COLUMNS = ["Time", "Type", "Channel", "Broker", "Producer", "Size"] as const;

export function LatestEvents({ events, zone }: { events: LiveEvent[]; zone: "local" | "utc" }) {
  const [filter, setFilter] = useState("");
  const titleId = useId();
  const rows = filterEvents(events, filter, TABLE_ROWS);
  return (
    <Card as="section" aria-labelledby={titleId}>
      <CardHeader
        id={titleId}
        title="Latest events"
        hint={zone === "utc" ? "times in UTC" : "times in your time zone"}
        actions={
          <label className="relative flex items-center">
            <span className="sr-only">Filter latest events</span>
            <Search aria-hidden className="pointer-events-none absolute left-2 size-3.5 text-fg-subtle" />
            <input
              type="search"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              placeholder="Filter type, channel, producer"
              aria-keyshortcuts={SEARCH_SHORTCUT}
              className="h-7 w-44 rounded-md border border-line bg-bg pl-7 pr-7 text-xs text-fg placeholder:text-fg-subtle sm:w-64"
            />
            <SearchShortcutHint />
          </label>
        }
      />
      <div className="h-[676px] overflow-x-auto">
        <table aria-label="Latest events" className="w-full min-w-[720px] table-fixed text-sm">
          <colgroup>
            <col className="w-32" />
            <col className="w-[26%]" />
            <col className="w-[22%]" />
            <col />
            <col />
            <col className="w-24" />
          </colgroup>
          <thead className="text-left text-xs text-fg-subtle">
            <tr className="h-8">
              {COLUMNS.map((c) => (
                <th
                  key={c}
                  scope="col"
                  className={c === "Size" ? "px-4 text-right font-medium" : "px-4 font-medium"}
                >
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={eventKey(e)} className="h-8 border-t border-line hover:bg-surface-2">
                <td className="px-4 font-mono text-xs tabular-nums text-fg-muted">
                  <time dateTime={e.publishedAt}>{formatClock(e.publishedAt, zone)}</time>
                </td>
                <td className="truncate px-4 font-medium text-fg" title={e.type}>
                  {e.type}
                </td>
                <td className="truncate px-4 text-fg-muted" title={e.channel}>
                  {e.channel}
                </td>
                <td className="truncate px-4 text-fg-muted" title={e.broker}>
                  {e.broker}
                </td>
                <td className="truncate px-4 text-fg-muted" title={e.producer ?? undefined}>
                  {e.producer ?? <span className="text-fg-subtle">—</span>}
                </td>
                <td className="px-4 text-right tabular-nums text-fg-muted">{formatBytes(e.size)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && (
          <p className="px-4 py-6 text-sm text-fg-subtle">
            {filter
              ? `No event matches “${filter}” yet; matching events appear here as they arrive.`
              : "Waiting for events…"}
          </p>
        )}
      </div>
    </Card>
  );
}
