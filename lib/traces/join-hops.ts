// Which spans belong to which message hop — pure, so it is unit-tested apart from the queries:
// the publisher is the span whose trace/span id the message carries (the context a producer
// injects), else a producer-side span naming the message id; consumers are spans naming the message
// id on the receiving side, or batch consumers whose links point at the message's span.
import type { SpanKind } from "@/lib/traces/normalize-spans";

export type JoinSpan = {
  traceId: string;
  spanId: string;
  kind: SpanKind | null;
  operation: string | null;
  messageId: string | null;
  links: { traceId: string; spanId: string }[] | null;
};
export type JoinMessage = { messageId: string; traceId: string | null; spanId: string | null };
export type Joined = { publishSpanId: string | null; consumerSpanIds: string[] };

const SEND_OPS = new Set(["publish", "send", "create"]);

function isSender(s: JoinSpan): boolean {
  return s.kind === "producer" || (s.operation !== null && SEND_OPS.has(s.operation));
}

export function joinHops(spans: readonly JoinSpan[], messages: readonly JoinMessage[]): Joined[] {
  const byContext = new Map<string, JoinSpan>();
  const byMessageId = new Map<string, JoinSpan[]>();
  const byLink = new Map<string, JoinSpan[]>();
  const push = (m: Map<string, JoinSpan[]>, k: string, s: JoinSpan) => m.set(k, [...(m.get(k) ?? []), s]);
  for (const s of spans) {
    byContext.set(`${s.traceId}/${s.spanId}`, s);
    if (s.messageId !== null) push(byMessageId, s.messageId, s);
    for (const l of s.links ?? []) push(byLink, `${l.traceId}/${l.spanId}`, s);
  }
  return messages.map((m) => {
    const ctx = m.traceId && m.spanId ? `${m.traceId}/${m.spanId}` : null;
    const named = byMessageId.get(m.messageId) ?? [];
    const publisher = (ctx ? byContext.get(ctx) : undefined) ?? named.find(isSender) ?? null;
    const consumers = new Set<string>();
    for (const s of named) if (s !== publisher && !isSender(s)) consumers.add(s.spanId);
    for (const s of ctx ? (byLink.get(ctx) ?? []) : []) if (s !== publisher) consumers.add(s.spanId);
    return { publishSpanId: publisher?.spanId ?? null, consumerSpanIds: [...consumers] };
  });
}
