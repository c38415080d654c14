// The Alerts page's client side: every rule with its live state, filtered in the browser by what the
// URL says (state, severity, kind, text), refreshed on each evaluation cycle's live hint; YAML export for
// everyone. The states — loading, no rule yet, no match, failed — each say what to do next.
"use client";

import { useEffect, useState } from "react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { BellOff, SearchX } from "lucide-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { alertKeys, fetchRules } from "@/components/alerts/alerts-api";
import { ExportYamlLink } from "@/components/alerts/export-link";
import { NewRuleLink } from "@/components/alerts/rule-links";
import { RuleRowsSkeleton } from "@/components/alerts/alerts-skeleton";
import {
  filterRules,
  isFiltered,
  NO_FILTERS,
  parseRuleFilters,
  ruleFilterParams,
  type RuleFilters,
} from "@/components/alerts/rule-filters";
import { firingCount } from "@/components/alerts/rule-words";
import { RulesTable } from "@/components/alerts/rules-table";
import { RulesToolbar } from "@/components/alerts/rules-toolbar";
import { useNow } from "@/components/catalog/seen-ago";
import { useLiveHint } from "@/components/live/use-live-hint";
import { QueryStates } from "@/components/ui/query-states";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { useDebounced } from "@/components/ui/use-debounced";
import { formatCount } from "@/lib/overview/format";

const SEARCH_DEBOUNCE_MS = 250;

function useRuleFilters() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filters = parseRuleFilters(new URLSearchParams(params.toString()));
  // The box filters at once (the list is in the browser); the URL follows once typing pauses.
  const [search, setSearch] = useState(filters.q);
  const settled = useDebounced(search.trim(), SEARCH_DEBOUNCE_MS);

  const navigate = (next: RuleFilters) => {
    const qs = ruleFilterParams(next).toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  };
  useEffect(() => {
    const now = parseRuleFilters(new URLSearchParams(window.location.search));
    if (settled === now.q) return;
    const qs = ruleFilterParams({ ...now, q: settled }).toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  }, [settled, pathname, router]);

  const update = (next: RuleFilters) => {
    if (next.q !== filters.q) setSearch(next.q);
    navigate({ ...next, q: next.q === filters.q ? search.trim() : next.q });
  };
  return { filters: { ...filters, q: search.trim() }, search, setSearch, update };
}

export function AlertsView() {
  const { filters, search, setSearch, update } = useRuleFilters();
  const now = useNow();
  const q = useQuery({
    queryKey: alertKeys.rules,
    queryFn: ({ signal }) => fetchRules(signal),
    placeholderData: keepPreviousData,
  });
  // Each evaluation cycle's live hint refetches the states and last values.
  useLiveHint("alerts", alertKeys.rules);
  const all = q.data?.rules ?? [];
  const rules = filterRules(all, filters);
  const firing = all.reduce((n, r) => n + (r.enabled ? firingCount(r) : 0), 0);
  const filtered = isFiltered(filters);

  return (
    <Card as="section" aria-labelledby="alerts-title">
      <CardHeader
        id="alerts-title"
        title="Alert rules"
        hint={
          q.data && all.length > 0
            ? `${formatCount(filtered ? rules.length : all.length)} ${all.length === 1 && !filtered ? "rule" : "rules"}${filtered ? ` of ${formatCount(all.length)}` : ""} · ${formatCount(firing)} firing`
            : undefined
        }
        actions={
          <>
            <Link href="/alerts/silences" className="text-xs text-fg-muted hover:text-accent">
              Silences
            </Link>
            <Link href="/alerts/contact-points" className="text-xs text-fg-muted hover:text-accent">
              Contact points
            </Link>
            {all.length > 0 && <ExportYamlLink />}
            <NewRuleLink />
          </>
        }
      />
      <RulesToolbar filters={filters} search={search} onSearch={setSearch} onChange={update} />
      <QueryStates
        query={q}
        failed="The alert rules could not be loaded"
        loading={<RuleRowsSkeleton />}
        empty={
          rules.length === 0 &&
          (filtered && all.length > 0 ? (
            <EmptyState icon={SearchX} title="No rule matches">
              <p>Try a shorter search or fewer filters.</p>
              <Button className="mt-3" onClick={() => update(NO_FILTERS)}>
                Clear filters
              </Button>
            </EmptyState>
          ) : (
            <NoRules />
          ))
        }
      >
        <RulesTable rules={rules} now={now} stale={q.isPlaceholderData} />
      </QueryStates>
    </Card>
  );
}

function NoRules() {
  return (
    <EmptyState icon={BellOff} title="No alert rules yet">
      <p>
        A rule watches one thing in your event flow — the p99 latency of an event type, a DLQ&apos;s depth, a
        consumer&apos;s lag, events that stop arriving — and fires when it stays past a threshold. Its state
        and history show here; the server evaluates every rule every 15 seconds.
      </p>
      <p className="mt-2">
        Create one with New rule, through the API (
        <code className="font-mono text-fg">POST /api/v1/alert-rules</code>) or import a YAML file (
        <code className="font-mono text-fg">POST /api/v1/alert-rules/import</code>), as described under
        &ldquo;Alerts&rdquo; in <code className="font-mono text-fg">docs/api.md</code>.
      </p>
    </EmptyState>
  );
}
