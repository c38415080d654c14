// Settings › Audit log: newest first, filtered by kind of action and by who (debounced), with
// "Load older" paging on the server's cursor. The previous rows stay, dimmed, while a filter loads.
"use client";

import { useState } from "react";
import { History, Search } from "lucide-react";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { AuditTable } from "@/components/settings/audit/audit-table";
import { AUDIT_FILTER_GROUPS, AUDIT_PAGE_SIZE, type AuditPage } from "@/components/settings/audit/audit-text";
import { SEARCH_SHORTCUT, SearchShortcutHint } from "@/components/ui/search-shortcut";
import { QueryStates, SkeletonStack } from "@/components/ui/query-states";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadMore } from "@/components/ui/load-more";
import { useDebounced } from "@/components/ui/use-debounced";
import { apiFetch } from "@/lib/http/api-client";

const INPUT =
  "h-8 rounded-md border border-line-strong bg-surface px-2 text-sm text-fg focus:border-accent focus:ring-2 focus:ring-accent/30 focus:outline-none";

function fetchPage(action: string, actor: string, before: number | undefined, signal: AbortSignal) {
  const q = new URLSearchParams({ limit: String(AUDIT_PAGE_SIZE) });
  if (action) q.set("action", action);
  if (actor) q.set("actor", actor);
  if (before !== undefined) q.set("before", String(before));
  return apiFetch<AuditPage>(`/api/v1/audit?${q}`, { signal });
}

export function AuditView({ initial, at }: { initial: AuditPage; at: number }) {
  const [action, setAction] = useState("");
  const [actorInput, setActorInput] = useState("");
  const actor = useDebounced(actorInput.trim(), 300);
  const unfiltered = action === "" && actor === "";
  const q = useInfiniteQuery({
    queryKey: ["audit", { action, actor }],
    queryFn: ({ pageParam, signal }) => fetchPage(action, actor, pageParam, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    initialData: unfiltered ? { pages: [initial], pageParams: [undefined] } : undefined,
    initialDataUpdatedAt: at,
    placeholderData: keepPreviousData,
  });
  const entries = q.data?.pages.flatMap((p) => p.entries) ?? [];
  return (
    <Card as="section" aria-labelledby="audit-title">
      <CardHeader
        id="audit-title"
        title="Audit log"
        hint={q.isPlaceholderData ? "Loading…" : "times in your time zone"}
      />
      <div className="flex flex-wrap items-end gap-3 border-b border-line px-4 py-3">
        <label className="flex flex-col gap-1 text-xs text-fg-subtle">
          What
          <select value={action} onChange={(e) => setAction(e.target.value)} className={`${INPUT} w-64`}>
            <option value="">Everything</option>
            {AUDIT_FILTER_GROUPS.map((g) => (
              <optgroup key={g.group} label={g.label}>
                <option value={g.group}>All: {g.label.toLowerCase()}</option>
                {g.actions.map((a) => (
                  <option key={a.action} value={a.action}>
                    {a.description}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs text-fg-subtle">
          Who
          <span className="relative flex items-center">
            <Search aria-hidden className="pointer-events-none absolute left-2 size-3.5 text-fg-subtle" />
            <input
              type="search"
              value={actorInput}
              onChange={(e) => setActorInput(e.target.value)}
              maxLength={200}
              placeholder="Part of an email or name"
              aria-keyshortcuts={SEARCH_SHORTCUT}
              className={`${INPUT} w-64 pl-7 pr-8`}
            />
            <SearchShortcutHint />
          </span>
        </label>
      </div>
      <QueryStates
        query={q}
        failed="The audit log could not be loaded"
        loading={<SkeletonStack label="Loading the audit log" rows={8} className="h-8" />}
        empty={
          entries.length === 0 && (
            <EmptyState
              icon={History}
              title={unfiltered ? "Nothing recorded yet" : "No entry matches these filters"}
            >
              {!unfiltered && <p>Try another action or a shorter part of the name or email.</p>}
            </EmptyState>
          )
        }
      >
        <AuditTable entries={entries} stale={q.isPlaceholderData} />
        <LoadMore pages={q} label="Load older" failed="Could not load older entries.">
          {!q.hasNextPage && (
            <span>
              {entries.length} {entries.length === 1 ? "entry" : "entries"}, the oldest reached
            </span>
          )}
        </LoadMore>
      </QueryStates>
    </Card>
  );
}
