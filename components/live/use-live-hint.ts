// Follows a hint view of /live ("collectors", "traffic"): its pushes only say that something
// changed, so each one, and each reconnect, refetches the page's query from Postgres.
import { useEffect, useEffectEvent } from "react";
import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { liveConnections, liveSocket } from "@/components/live/live-socket";

export type HintView = "collectors" | "traffic";

export function useLiveHint(view: HintView, queryKey: QueryKey): void {
  const queryClient = useQueryClient();
  const refetch = useEffectEvent(() => {
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
      if (liveConnections() > 1) refetch();
    };
    const onHint = () => refetch();
    socket.on(view, onHint);
    socket.on("connect", onConnect);
    if (socket.connected) subscribe();
    return () => {
      socket.off(view, onHint);
      socket.off("connect", onConnect);
      if (socket.connected) socket.emit("unsubscribe", view);
    };
  }, [view]);
}
