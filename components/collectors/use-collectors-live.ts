// Keeps the Collectors page current: follows the "collectors" view of /live, whose pushes are only
// hints (something changed), and refetches the list from Postgres on each hint and on reconnect.
import { useEffect, useEffectEvent } from "react";
import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { liveConnections, liveSocket } from "@/components/live/live-socket";

export function useCollectorsLive(queryKey: QueryKey): void {
  const queryClient = useQueryClient();
  const refetch = useEffectEvent(() => {
    void queryClient.invalidateQueries({ queryKey });
  });

  useEffect(() => {
    const socket = liveSocket();
    const subscribe = () =>
      socket.emit("subscribe", "collectors", (res) => {
        if (!res.ok) console.warn(`live: subscribe to collectors refused: ${res.error ?? "no reason given"}`);
      });
    const onConnect = () => {
      subscribe();
      if (liveConnections() > 1) refetch();
    };
    const onHint = () => refetch();
    socket.on("collectors", onHint);
    socket.on("connect", onConnect);
    if (socket.connected) subscribe();
    return () => {
      socket.off("collectors", onHint);
      socket.off("connect", onConnect);
      if (socket.connected) socket.emit("unsubscribe", "collectors");
    };
  }, []);
}
