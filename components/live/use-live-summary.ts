// Follows one /live view: subscribes on every (re)connect, folds each "summary" push into state
// with the given reducer, and on a reconnect invalidates the page's query so its numbers are
// refetched from Postgres (pushes missed while disconnected are gone: live is only a hint).
import { useEffect, useEffectEvent, useReducer } from "react";
import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { liveConnections, liveSocket } from "@/components/live/live-socket";
import type { LiveSummary, LiveView } from "@/lib/live/events";

export function useLiveSummary<S>(
  view: LiveView,
  reduce: (state: S, summary: LiveSummary) => S,
  initial: S,
  queryKey: QueryKey,
): S {
  const [state, dispatch] = useReducer(reduce, initial);
  const queryClient = useQueryClient();
  const onReconnect = useEffectEvent(() => {
    void queryClient.invalidateQueries({ queryKey });
  });

  useEffect(() => {
    const socket = liveSocket();
    const subscribe = () =>
      socket.emit("subscribe", view, (res) => {
        if (!res.ok) console.warn(`live: subscribe to ${view} refused: ${res.error ?? "no reason given"}`);
      });
    const onConnect = () => {
      subscribe();
      if (liveConnections() > 1) onReconnect();
    };
    socket.on("summary", dispatch);
    socket.on("connect", onConnect);
    if (socket.connected) subscribe();
    return () => {
      socket.off("summary", dispatch);
      socket.off("connect", onConnect);
      if (socket.connected) socket.emit("unsubscribe", view);
    };
  }, [view]);

  return state;
}
