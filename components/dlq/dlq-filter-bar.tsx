// The DLQ filter bar: broker, DLQ, event type and reason (choices and counts from the facets API),
// state, time range and free text. A dropdown applies at once; the text on Enter or Search. All of
// it lives in the URL (the page re-keys this bar on it), so a filtered view can be shared.
"use client";

import { useState, type FormEvent } from "react";
import { Search, X } from "lucide-react";
import { useQuery } from "@tanstack/react-query";
import { dlqKeys, fetchFacets } from "@/components/dlq/dlq-api";
import {
  EMPTY_FILTERS,
  isFiltered,
  RANGE_OPTIONS,
  UNTYPED,
  type DlqFilters,
} from "@/components/dlq/dlq-filters";
import { STATE_LABEL, STATES } from "@/components/dlq/state-badge";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { formatLocalTime } from "@/components/ui/local-time";
import { formatCount } from "@/lib/overview/format";

type Props = { filters: DlqFilters; onApply: (next: DlqFilters) => void };

const withCount = (label: string, n: number) => `${label} (${formatCount(n)})`;

export function DlqFilterBar({ filters, onApply }: Props) {
  const [q, setQ] = useState(filters.q);
  const facets = useQuery({
    queryKey: dlqKeys.facets(filters.state),
    queryFn: ({ signal }) => fetchFacets(filters.state, signal),
  });
  const f = facets.data;
  const apply = (patch: Partial<DlqFilters>) => onApply({ ...filters, ...patch });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply({ q: q.trim() });
  };
  // A value from the URL that the facets do not list (none left in this state) stays choosable.
  const keep = (value: string, listed: boolean, label = value) =>
    value !== "" && !listed ? <option value={value}>{label}</option> : null;
  const noFacets = facets.isError ? "Choices could not be loaded" : undefined;
  return (
    <form
      role="search"
      aria-label="Filter dead letters"
      onSubmit={submit}
      className="grid gap-3 border-b border-line px-4 py-3 sm:grid-cols-2 lg:grid-cols-4"
    >
      <SelectField
        label="Broker"
        value={filters.broker}
        hint={noFacets}
        onChange={(e) => apply({ broker: e.target.value })}
      >
        <option value="">All brokers</option>
        {f?.brokers.map((b) => (
          <option key={b.name} value={b.name}>
            {withCount(b.name, b.count)}
          </option>
        ))}
        {keep(filters.broker, !!f?.brokers.some((b) => b.name === filters.broker))}
      </SelectField>
      <SelectField
        label="Dead-letter queue"
        value={filters.dlq}
        onChange={(e) => apply({ dlq: e.target.value })}
      >
        <option value="">All DLQs</option>
        {f?.dlqs
          .filter((d) => filters.broker === "" || d.broker === filters.broker)
          .map((d) => (
            <option key={d.id} value={String(d.id)}>
              {withCount(`${d.name} (${d.broker})`, d.count)}
            </option>
          ))}
        {keep(filters.dlq, !!f?.dlqs.some((d) => String(d.id) === filters.dlq), `DLQ #${filters.dlq}`)}
      </SelectField>
      <SelectField label="Event type" value={filters.type} onChange={(e) => apply({ type: e.target.value })}>
        <option value="">All types</option>
        {f?.types.map((t) => (
          <option key={t.name ?? UNTYPED} value={t.name ?? UNTYPED}>
            {withCount(t.name ?? "Untyped", t.count)}
          </option>
        ))}
        {keep(
          filters.type,
          !!f?.types.some((t) => (t.name ?? UNTYPED) === filters.type),
          filters.type === UNTYPED ? "Untyped" : filters.type,
        )}
      </SelectField>
      <SelectField label="Reason" value={filters.reason} onChange={(e) => apply({ reason: e.target.value })}>
        <option value="">All reasons</option>
        {f?.reasons.map((r) => (
          <option key={r.name} value={r.name}>
            {withCount(r.name, r.count)}
          </option>
        ))}
        {keep(filters.reason, !!f?.reasons.some((r) => r.name === filters.reason))}
      </SelectField>
      <SelectField
        label="State"
        value={filters.state}
        onChange={(e) => apply({ state: e.target.value as DlqFilters["state"] })}
      >
        <option value="">All but discarded</option>
        {STATES.map((s) => (
          <option key={s} value={s}>
            {STATE_LABEL[s]}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Last failure"
        value={filters.from}
        onChange={(e) => {
          if (e.target.value === filters.from) return;
          const minutes = Number(e.target.value);
          apply({ from: minutes > 0 ? new Date(Date.now() - minutes * 60_000).toISOString() : "" });
        }}
      >
        <option value="">Any time</option>
        {filters.from && (
          <option value={filters.from}>Since {formatLocalTime(filters.from, "datetime", "local")}</option>
        )}
        {RANGE_OPTIONS.map((r) => (
          <option key={r.minutes} value={r.minutes}>
            {r.label}
          </option>
        ))}
      </SelectField>
      <div className="sm:col-span-2">
        <div className="flex items-end gap-2">
          <div className="min-w-0 flex-1">
            <TextField
              label="Search error text and payload"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              placeholder="e.g. timeout, an order id"
              maxLength={300}
              searchShortcut
            />
          </div>
          <Button type="submit" variant="primary" icon={<Search className="size-4" aria-hidden />}>
            Search
          </Button>
          {isFiltered(filters) && (
            <Button
              variant="ghost"
              icon={<X className="size-4" aria-hidden />}
              onClick={() => onApply(EMPTY_FILTERS)}
            >
              Clear
            </Button>
          )}
        </div>
      </div>
    </form>
  );
}
