// A dead letter's state as a badge: the tone says whether anyone still has to act on it.
import { Badge } from "@/components/ui/badge";
import type { DeadLetterState } from "@/lib/dead-letters/filter";

// The states come from the labels, not from lib/dead-letters/filter.ts's DEAD_LETTER_STATES: that
// module builds zod schemas, and zod 4 probes `new Function` when it does, which the page's CSP
// (no 'unsafe-eval') reports as a violation. The Record type keeps the two lists the same.
export const STATE_LABEL: Record<DeadLetterState, string> = {
  pending: "Pending",
  reprocessing: "Reprocessing",
  reprocessed: "Reprocessed",
  failed_again: "Failed again",
  discarded: "Discarded",
};

export const STATES = Object.keys(STATE_LABEL) as DeadLetterState[];

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
