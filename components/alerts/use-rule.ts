// One alert rule, the one query both its page and its edit form read. `live` (the page): each
// evaluation cycle's live hint refetches every alerts query on the page (the rule, its state
// history, its notification log), and focus refetches as usual. Not live (the edit form): read once
// and kept, since a background refresh must not reset the edits; the form saves against the version
// it read and says so when someone else changed the rule meanwhile.
import { useQuery } from "@tanstack/react-query";
import { alertKeys, fetchRule } from "@/components/alerts/alerts-api";
import { retryUnlessMissing } from "@/components/dlq/detail-states";
import { useLiveHint } from "@/components/live/use-live-hint";

export function useRule(id: string, { live }: { live: boolean }) {
  const q = useQuery({
    queryKey: alertKeys.rule(id),
    queryFn: ({ signal }) => fetchRule(id, signal),
    retry: retryUnlessMissing,
    ...(live ? {} : { staleTime: Infinity, refetchOnWindowFocus: false }),
  });
  useLiveHint("alerts", alertKeys.all, { enabled: live });
  return q;
}
