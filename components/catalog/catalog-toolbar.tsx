// The catalog list's search and filters: search (debounced, `/` focuses it: components/ui/search-shortcut.tsx), a menu per facet
// (broker, channel, producer, owner, tag — values from the server), drifted and has-violations
// toggles, the sort and its direction, and Clear when anything narrows the list.
"use client";

import { ArrowDownWideNarrow, ArrowUpNarrowWide, Search, X } from "lucide-react";
import clsx from "clsx";
import {
  clearedFilters,
  defaultOrder,
  FACETS,
  isFiltered,
  SORTS,
  type Facet,
  type ListFilters,
  type SortKey,
} from "@/components/catalog/list-filters";
import { SEARCH_SHORTCUT, SearchShortcutHint } from "@/components/ui/search-shortcut";
import { Button } from "@/components/ui/button";
import type { EventTypeList } from "@/lib/catalog/api-types";

const CONTROL =
  "h-8 rounded-md border border-line-strong bg-surface px-2 text-sm text-fg focus:border-accent focus:outline-none focus:ring-2 focus:ring-accent/30";

const FACET_TEXT: Record<Facet, { label: string; key: keyof EventTypeList["facets"] }> = {
  broker: { label: "Broker", key: "brokers" },
  channel: { label: "Channel", key: "channels" },
  producer: { label: "Producer", key: "producers" },
  owner: { label: "Owner", key: "owners" },
  tag: { label: "Tag", key: "tags" },
};

type Props = {
  filters: ListFilters;
  search: string;
  onSearch: (text: string) => void;
  onChange: (next: ListFilters) => void;
  facets: EventTypeList["facets"] | undefined;
};

export function CatalogToolbar({ filters, search, onSearch, onChange, facets }: Props) {
  const set = (patch: Partial<ListFilters>) => onChange({ ...filters, ...patch });
  const Direction = filters.order === "asc" ? ArrowUpNarrowWide : ArrowDownWideNarrow;
  return (
    <div className="flex flex-col gap-2 border-b border-line px-4 py-3">
      <div className="flex flex-wrap items-end gap-x-4 gap-y-2">
        <label className="flex min-w-0 flex-1 basis-64 flex-col gap-1 text-xs text-fg-subtle sm:max-w-md">
          Search
          <span className="relative flex items-center">
            <Search aria-hidden className="pointer-events-none absolute left-2 size-3.5 text-fg-subtle" />
            <input
              type="search"
              value={search}
              onChange={(e) => onSearch(e.target.value)}
              maxLength={200}
              placeholder="Name or description"
              aria-keyshortcuts={SEARCH_SHORTCUT}
              className={clsx(CONTROL, "w-full pl-7 pr-8")}
            />
            <SearchShortcutHint />
          </span>
        </label>
        <fieldset className="flex h-8 items-center gap-4 text-sm text-fg">
          <legend className="sr-only">Status</legend>
          <label className="flex items-center gap-1.5">
            <input
              type="checkbox"
              checked={filters.drifted}
              onChange={(e) => set({ drifted: e.target.checked })}
              className="size-4 accent-[var(--accent)]"
            />
            Drifted
          </label>
          <label className="flex items-center gap-1.5 whitespace-nowrap">
            <input
              type="checkbox"
              checked={filters.violations}
              onChange={(e) => set({ violations: e.target.checked })}
              className="size-4 accent-[var(--accent)]"
            />
            Has violations
          </label>
        </fieldset>
        <div className="flex items-end gap-1 sm:ml-auto">
          <label className="flex flex-col gap-1 text-xs text-fg-subtle">
            Sort by
            <select
              value={filters.sort}
              onChange={(e) => {
                const sort = e.target.value as SortKey;
                set({ sort, order: defaultOrder(sort) });
              }}
              className={clsx(CONTROL, "w-32")}
            >
              {SORTS.map((s) => (
                <option key={s.key} value={s.key}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
          <Button
            size="sm"
            className="h-8"
            aria-label={filters.order === "asc" ? "Ascending; sort descending" : "Descending; sort ascending"}
            title={filters.order === "asc" ? "Ascending" : "Descending"}
            icon={<Direction className="size-4" aria-hidden />}
            onClick={() => set({ order: filters.order === "asc" ? "desc" : "asc" })}
          />
        </div>
      </div>
      <div className="flex flex-wrap items-end gap-x-3 gap-y-2">
        {FACETS.map((facet) => {
          const values = facets?.[FACET_TEXT[facet].key] ?? [];
          // A value from a shared link may not be among the facets (yet): keep it selectable.
          const options =
            filters[facet] && !values.includes(filters[facet]) ? [filters[facet], ...values] : values;
          return (
            <label key={facet} className="flex min-w-0 flex-col gap-1 text-xs text-fg-subtle">
              {FACET_TEXT[facet].label}
              <select
                value={filters[facet]}
                onChange={(e) => set({ [facet]: e.target.value })}
                className={clsx(CONTROL, "w-40 max-w-full truncate pr-6")}
              >
                <option value="">Any</option>
                {options.map((v) => (
                  <option key={v} value={v}>
                    {v}
                  </option>
                ))}
              </select>
            </label>
          );
        })}
        {/* Always laid out (hidden when there is nothing to clear): the table below never jumps. */}
        <Button
          size="sm"
          variant="ghost"
          className={clsx("h-8", !isFiltered(filters) && "invisible")}
          icon={<X className="size-3.5" aria-hidden />}
          onClick={() => onChange(clearedFilters(filters))}
        >
          Clear filters
        </Button>
      </div>
    </div>
  );
}
