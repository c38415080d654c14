// The catalog list's filters, read from and written to the page's URL (router.replace: filtering
// does not fill the Back history), plus the search box's own text, which reaches the URL once
// typing pauses and follows the URL when it changes from outside (Back, Clear filters).
"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { listSearchParams, parseListFilters, type ListFilters } from "@/components/catalog/list-filters";

const SEARCH_DEBOUNCE_MS = 250;

export function useListFilters() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filters = parseListFilters(new URLSearchParams(params.toString()));

  const navigate = useCallback(
    (next: ListFilters) => {
      const qs = listSearchParams(next).toString();
      router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [router, pathname],
  );

  const [search, setSearchText] = useState(filters.q);
  // The q this hook last wrote: when the URL comes back with it, the box keeps what was typed since.
  const [written, setWritten] = useState(filters.q);
  const [seenQ, setSeenQ] = useState(filters.q);
  if (filters.q !== seenQ) {
    setSeenQ(filters.q);
    if (filters.q !== written) setSearchText(filters.q);
  }

  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const setSearch = (text: string) => {
    setSearchText(text);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      // The URL as it is now: a filter changed while typing is kept.
      const now = parseListFilters(new URLSearchParams(window.location.search));
      const q = text.trim();
      if (q === now.q) return;
      setWritten(q);
      navigate({ ...now, q });
    }, SEARCH_DEBOUNCE_MS);
  };

  /** Applies a change at once (filters, sort), with what the search box holds unless it is cleared. */
  const update = (next: ListFilters) => {
    clearTimeout(timer.current);
    const q = next.q === filters.q ? search.trim() : next.q;
    setWritten(q);
    if (q !== search.trim()) setSearchText(q);
    navigate({ ...next, q });
  };

  return { filters, search, setSearch, update };
}
