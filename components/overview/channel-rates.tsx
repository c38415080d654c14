// Per-channel event rates, busiest first, with a bar relative to the busiest channel.
import { Card, CardHeader } from "@/components/ui/card";
import { formatRate } from "@/lib/overview/format";
import type { ChannelRate } from "@/lib/overview/types";

export function ChannelRates({ channels, live }: { channels: ChannelRate[]; live: boolean }) {
  const max = Math.max(...channels.map((c) => c.eventsPerSecond), 0);
  return (
    <Card as="section" aria-labelledby="channel-rates-title">
      <CardHeader id="channel-rates-title" title="Channels" hint={live ? "live rate" : "last 5 minutes"} />
      <div className="h-[244px] overflow-y-auto">
        {channels.length === 0 ? (
          <p className="px-4 py-6 text-sm text-fg-subtle">
            No channel has carried events in the last five minutes.
          </p>
        ) : (
          <table aria-label="Channel rates" className="w-full table-fixed text-sm">
            <thead className="sticky top-0 bg-surface text-left text-xs text-fg-subtle">
              <tr className="h-8">
                <th scope="col" className="px-4 font-medium">
                  Channel
                </th>
                <th scope="col" className="w-28 px-4 text-right font-medium">
                  events/s
                </th>
              </tr>
            </thead>
            <tbody>
              {channels.map((c) => (
                <tr key={`${c.broker}\u0000${c.channel}`} className="border-t border-line">
                  <td className="px-4 py-1.5">
                    <div className="truncate text-fg" title={`${c.channel} (${c.broker})`}>
                      {c.channel}
                    </div>
                    <div className="truncate text-xs text-fg-subtle">{c.broker}</div>
                  </td>
                  <td className="px-4 py-1.5 text-right">
                    <div className="font-medium tabular-nums text-fg">{formatRate(c.eventsPerSecond)}</div>
                    <div aria-hidden className="ml-auto mt-1 h-1 w-16 rounded-full bg-surface-2">
                      <div
                        className="h-1 rounded-full bg-accent"
                        style={{ width: `${max ? (c.eventsPerSecond / max) * 100 : 0}%` }}
                      />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </Card>
  );
}
