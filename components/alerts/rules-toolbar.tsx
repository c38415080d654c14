// The rules list's search and filters: text (debounced into the URL by the view), state, severity
// and kind, and Clear when anything narrows the list.
"use client";

import { Search, X } from "lucide-react";
import clsx from "clsx";
import { isFiltered, NO_FILTERS, type RuleFilters } from "@/components/alerts/rule-filters";
import { KIND_LABEL, SEVERITY_LABEL, STATE_LABEL } from "@/components/alerts/rule-words";
import { SEARCH_SHORTCUT, SearchShortcutHint } from "@/components/ui/search-shortcut";
import { Button } from "@/components/ui/button";

const CONTROL =
  "h-8 rounded-md border border-line-strong bg-surface px-2 text-sm text-fg focus:border-accent focus:outline-none focus:ring-2 focus:ring-accent/30";

const MENUS = [
  { key: "state", label: "State", options: STATE_LABEL },
  { key: "severity", label: "Severity", options: SEVERITY_LABEL },
  { key: "kind", label: "Kind", options: KIND_LABEL },
] as const;

type Props = {
  filters: RuleFilters;
  search: string;
  onSearch: (text: string) => void;
  onChange: (next: RuleFilters) => void;
};

export function RulesToolbar({ filters, search, onSearch, onChange }: Props) {
  return (
    <div
      role="search"
      aria-label="Filter alert rules"
      className="flex flex-wrap items-end gap-x-3 gap-y-2 border-b border-line px-4 py-3"
    >
      <label className="flex min-w-0 flex-1 basis-56 flex-col gap-1 text-xs text-fg-subtle sm:max-w-sm">
        Search
        <span className="relative flex items-center">
          <Search aria-hidden className="pointer-events-none absolute left-2 size-3.5 text-fg-subtle" />
          <input
            type="search"
            value={search}
            onChange={(e) => onSearch(e.target.value)}
            maxLength={200}
            placeholder="Name, scope or label"
            aria-keyshortcuts={SEARCH_SHORTCUT}
            className={clsx(CONTROL, "w-full pl-7 pr-8")}
          />
          <SearchShortcutHint />
        </span>
      </label>
      {MENUS.map((m) => (
        <label key={m.key} className="flex min-w-0 flex-col gap-1 text-xs text-fg-subtle">
          {m.label}
          <select
            value={filters[m.key]}
            onChange={(e) => onChange({ ...filters, [m.key]: e.target.value })}
            className={clsx(CONTROL, "w-36 max-w-full")}
          >
            <option value="">Any</option>
            {Object.entries(m.options).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      ))}
      {/* Always laid out (hidden when there is nothing to clear): the table below never jumps. */}
      <Button
        size="sm"
        variant="ghost"
        className={clsx("h-8", !isFiltered(filters) && "invisible")}
        icon={<X className="size-3.5" aria-hidden />}
        onClick={() => onChange(NO_FILTERS)}
      >
        Clear filters
      </Button>
    </div>
  );
}
