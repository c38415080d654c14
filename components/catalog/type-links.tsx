// Where the type travels: its channels (with their broker), the services producing it and those
// consuming it, each a link to the flow graph filtered on it.
import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import type { LinkView } from "@/lib/catalog/api-types";

type Props = { produces: LinkView[]; consumes: LinkView[] };

const flows = (key: "service" | "channel", value: string) =>
  `/flows?${new URLSearchParams({ [key]: value })}`;

/** Services with the channels they use, services first seen most recently first. */
function byService(links: LinkView[]): { service: string; channels: string[] }[] {
  const map = new Map<string, Set<string>>();
  for (const l of links) {
    if (l.service === null) continue;
    map.set(l.service, (map.get(l.service) ?? new Set()).add(l.channel));
  }
  return [...map]
    .map(([service, channels]) => ({ service, channels: [...channels].sort() }))
    .sort((a, b) => a.service.localeCompare(b.service));
}

function channelsOf(links: LinkView[]): { broker: string; channel: string }[] {
  const seen = new Map<string, { broker: string; channel: string }>();
  for (const l of links) seen.set(`${l.broker}\n${l.channel}`, { broker: l.broker, channel: l.channel });
  return [...seen.values()].sort(
    (a, b) => a.channel.localeCompare(b.channel) || a.broker.localeCompare(b.broker),
  );
}

const LINK = "truncate font-medium text-fg hover:text-accent hover:underline underline-offset-2";

export function TypeLinks({ produces, consumes }: Props) {
  const channels = channelsOf([...produces, ...consumes]);
  return (
    <Card as="section" aria-labelledby="type-links-title">
      <CardHeader id="type-links-title" title="Where it flows" hint="links open the flow graph" />
      <div className="flex flex-col gap-4 p-4 text-sm">
        <Group title="Channels" empty="No channel seen yet.">
          {channels.map((c) => (
            <li key={`${c.broker}\n${c.channel}`} className="flex min-w-0 items-baseline gap-2">
              <Link href={flows("channel", c.channel)} className={LINK} title={c.channel}>
                {c.channel}
              </Link>
              <span className="shrink-0 truncate text-xs text-fg-subtle">{c.broker}</span>
            </li>
          ))}
        </Group>
        {(["Producers", "Consumers"] as const).map((title) => (
          <Group
            key={title}
            title={title}
            empty={title === "Producers" ? "No producer known." : "No consumer seen."}
          >
            {byService(title === "Producers" ? produces : consumes).map((s) => (
              <li key={s.service} className="flex min-w-0 items-baseline gap-2">
                <Link href={flows("service", s.service)} className={LINK} title={s.service}>
                  {s.service}
                </Link>
                <span className="min-w-0 truncate text-xs text-fg-subtle" title={s.channels.join(", ")}>
                  {title === "Producers" ? "to" : "from"} {s.channels.join(", ")}
                </span>
              </li>
            ))}
          </Group>
        ))}
      </div>
    </Card>
  );
}

function Group({ title, empty, children }: { title: string; empty: string; children: React.ReactNode[] }) {
  return (
    <div>
      <h3 className="mb-1 text-xs font-medium text-fg-subtle">{title}</h3>
      {children.length === 0 ? (
        <p className="text-fg-subtle">{empty}</p>
      ) : (
        <ul aria-label={title} className="flex flex-col gap-1">
          {children}
        </ul>
      )}
    </div>
  );
}
