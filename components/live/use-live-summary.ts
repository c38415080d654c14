// Follows one /live view's "summary" pushes, folding each into state with the given reducer; on a
// reconnect it invalidates the page's query so its numbers are refetched from Postgres (pushes
// missed while disconnected are gone: live is only a hint).
import { useReducer } from "react";
import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useLiveView } from "@/components/live/use-live-view";
import type { LiveSummary, LiveView } from "@/lib/live/events";

export function useLiveSummary<S>(
  view: LiveView,
  reduce: (state: S, summary: LiveSummary) => S,
  initial: S,
  queryKey: QueryKey,
): S {
  const [state, dispatch] = useReducer(reduce, initial);
  const queryClient = useQueryClient();
  useLiveView(view, "summary", dispatch, () => void queryClient.invalidateQueries({ queryKey }));
  return state;
}
