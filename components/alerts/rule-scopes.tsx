// A rule's current state per scope (one row for most rules; one per collector for a collector rule):
// state and since when, the last value, when it was evaluated, and the last summary or the error;
// a firing one has a Silence button (prefilled with the rule and scope).
"use client";

import { Activity } from "lucide-react";
import type { AlertRule } from "@/components/alerts/alerts-api";
import { valueWords } from "@/components/alerts/rule-words";
import { SilenceButton } from "@/components/alerts/silence-button";
import { AlertStateBadge } from "@/components/alerts/state-badge";
import { SeenAgo, useNow } from "@/components/catalog/seen-ago";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

export function RuleScopes({ r }: { r: AlertRule }) {
  const now = useNow();
  return (
    <Card as="section" aria-labelledby="scopes-title">
      <CardHeader
        id="scopes-title"
        title="Current state"
        hint={r.instances.length > 1 ? `${r.instances.length} scopes` : undefined}
      />
      {!r.enabled ? (
        <EmptyState icon={Activity} title="Paused">
          <p>This rule is disabled: it is not evaluated and notifies no one until it is enabled again.</p>
        </EmptyState>
      ) : r.instances.length === 0 ? (
        <EmptyState icon={Activity} title="Not evaluated yet">
          <p>The server evaluates every rule every 15 seconds; its state shows here after the next cycle.</p>
        </EmptyState>
      ) : (
        <ul aria-label="Scopes" className="flex flex-col">
          {r.instances.map((i) => (
            <li
              key={i.scopeKey}
              className="flex flex-col gap-1 border-t border-line px-4 py-3 first:border-t-0"
            >
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
                <AlertStateBadge state={i.state} />
                <span className="min-w-0 truncate font-mono text-xs text-fg" title={i.scopeKey}>
                  {i.scopeKey}
                </span>
                <span className="text-xs text-fg-muted">
                  since <SeenAgo iso={i.since} now={now} />
                </span>
                <span className="ml-auto text-xs text-fg-muted tabular-nums">
                  {valueWords(r, i.value)} · evaluated <SeenAgo iso={i.evaluatedAt} now={now} />
                </span>
                {i.state === "firing" && (
                  <SilenceButton prefill={{ ruleId: r.id, scopeKey: i.scopeKey }} what={i.scopeKey} />
                )}
              </div>
              {(i.error ?? i.summary) && (
                <p className={i.error ? "text-xs text-danger" : "text-xs text-fg-muted"}>
                  {i.error ?? i.summary}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
