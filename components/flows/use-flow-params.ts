// The flow page's state in its URL (window, filters, selection), written with router.replace so
// clicking around the graph does not fill the Back history.
"use client";

import { useCallback } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { flowSearchParams, parseFlowParams, type FlowParams } from "@/components/flows/flows-api";

export function useFlowParams() {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const params = parseFlowParams(new URLSearchParams(search.toString()));
  const update = useCallback(
    (patch: Partial<FlowParams>) => {
      // The URL as it is now: two quick changes must not undo each other.
      const next = { ...parseFlowParams(new URLSearchParams(window.location.search)), ...patch };
      const qs = flowSearchParams(next).toString();
      router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [router, pathname],
  );
  return { params, update };
}
