// The trace search form: ids, event type, service, minimum duration, time window and errors only.
// What it holds reaches the URL on Search (Enter in any field), so a search can be shared and Back
// returns to it; the form is re-keyed on the URL, so it always shows the search the list shows.
"use client";

import { useState, type FormEvent } from "react";
import { Search, X } from "lucide-react";
import {
  EMPTY_FILTERS,
  isFiltered,
  RANGE_OPTIONS,
  type RangeValue,
  type TraceFilters,
} from "@/components/traces/trace-filters";
import { Button } from "@/components/ui/button";
import { Checkbox, SelectField, TextField } from "@/components/ui/field";

type Props = { filters: TraceFilters; onSearch: (next: TraceFilters) => void };

export function TraceSearchForm({ filters, onSearch }: Props) {
  const [draft, setDraft] = useState(filters);
  const set = (patch: Partial<TraceFilters>) => setDraft((d) => ({ ...d, ...patch }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = Object.fromEntries(
      Object.entries(draft).map(([k, v]) => [k, typeof v === "string" ? v.trim() : v]),
    ) as TraceFilters;
    onSearch(trimmed);
  };
  const fixedWindow = filters.from !== "" || filters.to !== "";
  return (
    <form
      role="search"
      aria-label="Search traces"
      onSubmit={submit}
      className="grid gap-3 border-b border-line px-4 py-3 sm:grid-cols-2 lg:grid-cols-4 xl:grid-cols-[repeat(4,minmax(0,1fr))_auto]"
    >
      <TextField
        label="Trace ID"
        value={draft.traceId}
        onChange={(e) => set({ traceId: e.target.value })}
        placeholder="32 hex characters"
        spellCheck={false}
        maxLength={64}
        className="font-mono"
        searchShortcut
      />
      <TextField
        label="Message ID"
        value={draft.messageId}
        onChange={(e) => set({ messageId: e.target.value })}
        placeholder="The broker's message id"
        spellCheck={false}
        maxLength={300}
      />
      <TextField
        label="Event type"
        value={draft.type}
        onChange={(e) => set({ type: e.target.value })}
        placeholder="e.g. OrderPlaced"
        maxLength={300}
      />
      <TextField
        label="Service"
        value={draft.service}
        onChange={(e) => set({ service: e.target.value })}
        placeholder="Producer, consumer or span service"
        maxLength={300}
      />
      <div className="hidden xl:block" />
      <TextField
        label="Min duration (ms)"
        type="number"
        min={0}
        step="any"
        inputMode="decimal"
        value={draft.minDurationMs}
        onChange={(e) => set({ minDurationMs: e.target.value })}
        placeholder="0"
      />
      <SelectField
        label="Started"
        value={fixedWindow ? "" : draft.range}
        disabled={fixedWindow}
        hint={fixedWindow ? "A fixed window from the link is applied." : undefined}
        onChange={(e) => set({ range: e.target.value as RangeValue })}
      >
        {RANGE_OPTIONS.map((r) => (
          <option key={r.value} value={r.value}>
            {r.label}
          </option>
        ))}
      </SelectField>
      <div className="flex items-end pb-2">
        <Checkbox
          label="With errors only"
          checked={draft.error}
          onChange={(e) => set({ error: e.target.checked })}
        />
      </div>
      <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-1 xl:col-span-2 xl:justify-end">
        <Button type="submit" variant="primary" icon={<Search className="size-4" aria-hidden />}>
          Search
        </Button>
        {(isFiltered(filters) || isFiltered(draft)) && (
          <Button
            variant="ghost"
            icon={<X className="size-4" aria-hidden />}
            onClick={() => onSearch(EMPTY_FILTERS)}
          >
            Clear
          </Button>
        )}
      </div>
    </form>
  );
}
