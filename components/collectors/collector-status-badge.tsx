// A collector's health as a labelled badge (the word carries it, the colour only repeats it), with
// the rule behind it on hover and for screen readers.
import clsx from "clsx";
import { Badge } from "@/components/ui/badge";
import { LIVE_WITHIN_MS, STALE_WITHIN_MS, type CollectorStatus } from "@/lib/collectors/collector-status";

const LOOK = {
  live: {
    tone: "ok",
    label: "Live",
    dot: "bg-ok",
    why: `Connected, heartbeat within the last ${LIVE_WITHIN_MS / 1000} s`,
  },
  stale: {
    tone: "warn",
    label: "Stale",
    dot: "bg-warn",
    why: `Connected without a recent heartbeat, dropped less than ${STALE_WITHIN_MS / 60_000} min ago, or sending without its command channel`,
  },
  down: {
    tone: "neutral",
    label: "Down",
    dot: "bg-fg-subtle",
    why: `Not heard from in ${STALE_WITHIN_MS / 60_000} min or more`,
  },
  revoked: { tone: "danger", label: "Revoked", dot: "bg-danger", why: "Its token was revoked" },
} as const;

export function CollectorStatusBadge({ status }: { status: CollectorStatus }) {
  const look = LOOK[status];
  return (
    <span title={look.why} data-status={status}>
      <Badge tone={look.tone}>
        <span aria-hidden className={clsx("mr-1.5 size-1.5 rounded-full", look.dot)} />
        {look.label}
        <span className="sr-only">: {look.why}</span>
      </Badge>
    </span>
  );
}
