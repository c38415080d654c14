// The Silences page: every silence grouped as active, pending (starts later) and expired, each with
// what it matches (rule, scope, labels), its time range, comment and author. Operators create one
// (the form is silence-form.tsx) or end one early; viewers read.
"use client";

import { useState } from "react";
import Link from "next/link";
import { BellOff, Plus } from "lucide-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { alertKeys, fetchRules } from "@/components/alerts/alerts-api";
import { BackToRules } from "@/components/alerts/rule-links";
import { SilenceDialog } from "@/components/alerts/silence-form";
import {
  expireSilence,
  fetchSilences,
  silenceKeys,
  silenceStatus,
  type Silence,
  type SilenceStatus,
} from "@/components/alerts/silences-api";
import { useCan } from "@/components/auth/viewer-context";
import { useNow } from "@/components/catalog/seen-ago";
import { QueryStates } from "@/components/ui/query-states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ListRowsSkeleton } from "@/components/ui/list-skeleton";
import { LocalTime } from "@/components/ui/local-time";
import { toast, toastError } from "@/components/ui/toaster";

const GROUPS: { status: SilenceStatus; title: string; tone: "ok" | "warn" | "neutral" }[] = [
  { status: "active", title: "Active", tone: "ok" },
  { status: "pending", title: "Pending", tone: "warn" },
  { status: "expired", title: "Expired", tone: "neutral" },
];

export function SilencesView() {
  const canSilence = useCan("alerts:silence");
  const [creating, setCreating] = useState(false);
  const now = useNow(5_000);
  const q = useQuery({ queryKey: silenceKeys.list, queryFn: ({ signal }) => fetchSilences(signal) });
  const rules = useQuery({ queryKey: alertKeys.rules, queryFn: ({ signal }) => fetchRules(signal) });
  const ruleNames = new Map(rules.data?.rules.map((r) => [r.id, r.name]));
  const all = q.data?.silences ?? [];
  // Grouping needs the browser's clock: until hydration, the list shows as loading.
  const nowMs = now ?? 0;

  return (
    <div className="flex flex-col gap-4">
      <BackToRules />
      <Card as="section" aria-labelledby="silences-title">
        <CardHeader
          id="silences-title"
          title="Silences"
          hint={
            q.data && now !== null
              ? `${all.filter((s) => silenceStatus(s, nowMs) === "active").length} active`
              : undefined
          }
          actions={
            canSilence && (
              <Button
                size="sm"
                variant="primary"
                icon={<Plus className="size-3.5" aria-hidden />}
                onClick={() => setCreating(true)}
              >
                New silence
              </Button>
            )
          }
        />
        <QueryStates
          query={q}
          failed="The silences could not be loaded"
          loading={<ListRowsSkeleton rows={4} label="Loading the silences" cells={["h-4 w-40"]} />}
          ready={now !== null}
          empty={
            all.length === 0 && (
              <EmptyState icon={BellOff} title="No silence">
                <p>
                  A silence keeps matching alerts from notifying anyone for a while — during maintenance, or
                  once someone is on it. They keep their state; only the notifications stop.
                </p>
                {canSilence && (
                  <Button className="mt-3" onClick={() => setCreating(true)}>
                    New silence
                  </Button>
                )}
              </EmptyState>
            )
          }
        >
          {GROUPS.map((g) => {
            const items = all.filter((s) => silenceStatus(s, nowMs) === g.status);
            return (
              <section
                key={g.status}
                aria-labelledby={`silences-${g.status}`}
                className="border-t border-line first:border-t-0"
              >
                <h3
                  id={`silences-${g.status}`}
                  className="flex items-center gap-2 bg-surface-2/50 px-4 py-2 text-xs font-semibold tracking-wide text-fg-muted uppercase"
                >
                  {g.title} <span className="font-normal tabular-nums">{items.length}</span>
                </h3>
                {items.length === 0 ? (
                  <p className="px-4 py-3 text-sm text-fg-subtle">None.</p>
                ) : (
                  <ul aria-label={`${g.title} silences`} className="flex flex-col">
                    {items.map((s) => (
                      <SilenceRow
                        key={s.id}
                        s={s}
                        status={g.status}
                        tone={g.tone}
                        ruleName={s.ruleId ? (ruleNames.get(s.ruleId) ?? null) : null}
                        canSilence={canSilence}
                      />
                    ))}
                  </ul>
                )}
              </section>
            );
          })}
        </QueryStates>
      </Card>
      {creating && <SilenceDialog prefill={{}} onClose={() => setCreating(false)} />}
    </div>
  );
}

function SilenceRow({
  s,
  status,
  tone,
  ruleName,
  canSilence,
}: {
  s: Silence;
  status: SilenceStatus;
  tone: "ok" | "warn" | "neutral";
  ruleName: string | null;
  canSilence: boolean;
}) {
  const queryClient = useQueryClient();
  const expire = useMutation({
    mutationFn: () => expireSilence(s, Date.now()),
    onSuccess: () => {
      toast.success(status === "pending" ? "Silence removed" : "Silence ended", {
        description: "Matching alerts notify again from the next send.",
      });
      void queryClient.invalidateQueries({ queryKey: silenceKeys.all });
    },
    onError: (err) => toastError(err, "The silence could not be ended"),
  });
  return (
    <li className="flex flex-col gap-2 border-t border-line px-4 py-3 first:border-t-0 sm:flex-row sm:items-start">
      <div className="flex min-w-0 flex-1 flex-col gap-1.5">
        <ul aria-label="Matches" className="flex flex-wrap items-center gap-1.5 text-xs">
          <li>
            <Badge tone={tone}>{status}</Badge>
          </li>
          {s.ruleId && (
            <li className="rounded bg-surface-2 px-1.5 py-0.5">
              rule{" "}
              <Link
                href={`/alerts/${encodeURIComponent(s.ruleId)}`}
                className="font-medium text-fg hover:text-accent"
              >
                {ruleName ?? "(deleted rule)"}
              </Link>
            </li>
          )}
          {s.scopeKey && (
            <li className="rounded bg-surface-2 px-1.5 py-0.5">
              scope <span className="font-mono text-fg">{s.scopeKey}</span>
            </li>
          )}
          {s.matchers.map((m) => (
            <li
              key={`${m.label}=${m.value}`}
              className="rounded bg-surface-2 px-1.5 py-0.5 font-mono text-fg"
            >
              {m.label}={m.value}
            </li>
          ))}
        </ul>
        <p className="text-sm break-words text-fg">{s.comment}</p>
        <p className="text-xs text-fg-muted tabular-nums">
          <LocalTime iso={s.startsAt} /> → <LocalTime iso={s.endsAt} /> · by {s.createdBy ?? "unknown"}
        </p>
      </div>
      {canSilence && status !== "expired" && (
        <Button size="sm" busy={expire.isPending} onClick={() => expire.mutate()}>
          {status === "pending" ? "Remove" : "Expire now"}
        </Button>
      )}
    </li>
  );
}
