// A rule's or scope's alert state as a badge: the tone says whether anyone has to look at it.
import { Badge } from "@/components/ui/badge";
import type { RuleState } from "@/components/alerts/alerts-api";
import { STATE_LABEL } from "@/components/alerts/rule-words";

const TONE = {
  firing: "danger",
  pending: "warn",
  error: "danger",
  nodata: "neutral",
  normal: "ok",
  paused: "neutral",
} as const satisfies Record<RuleState, string>;

/** `count`: firing scopes of a rule that watches several ("Firing · 3"). */
export function AlertStateBadge({ state, count }: { state: RuleState | null; count?: number }) {
  if (state === null) return <Badge>Not evaluated yet</Badge>;
  return (
    <Badge tone={TONE[state]}>
      {STATE_LABEL[state]}
      {count !== undefined && count > 1 && <span className="ml-1 tabular-nums">· {count}</span>}
    </Badge>
  );
}

const SEVERITY_TONE = { critical: "danger", warning: "warn", info: "accent" } as const;

export function SeverityBadge({ severity }: { severity: keyof typeof SEVERITY_TONE }) {
  return <Badge tone={SEVERITY_TONE[severity]}>{severity}</Badge>;
}
