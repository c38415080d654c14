// A dead letter's state as a badge: the tone says whether anyone still has to act on it.
import { Badge } from "@/components/ui/badge";
import type { DeadLetterState } from "@/lib/dead-letters/filter";

export const STATE_LABEL: Record<DeadLetterState, string> = {
  pending: "Pending",
  reprocessing: "Reprocessing",
  reprocessed: "Reprocessed",
  failed_again: "Failed again",
  discarded: "Discarded",
};

const TONE = {
  pending: "warn",
  reprocessing: "accent",
  reprocessed: "ok",
  failed_again: "danger",
  discarded: "neutral",
} as const satisfies Record<DeadLetterState, string>;

export function StateBadge({ state }: { state: DeadLetterState }) {
  return <Badge tone={TONE[state]}>{STATE_LABEL[state]}</Badge>;
}
