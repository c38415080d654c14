// Follows a hint view of /live ("collectors", "traffic", "deadLetters", "reprocess", "alerts"): its pushes only say that something
// changed, so each one, and each reconnect, refetches the page's query from Postgres.
import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useLiveView } from "@/components/live/use-live-view";

export type HintView = "collectors" | "traffic" | "deadLetters" | "reprocess" | "alerts";

export function useLiveHint(view: HintView, queryKey: QueryKey, { enabled = true } = {}): void {
  const queryClient = useQueryClient();
  const refetch = () => void queryClient.invalidateQueries({ queryKey });
  useLiveView(view, view, refetch, refetch, enabled);
}
