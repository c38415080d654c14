// Subscribes to one /live view for as long as the component is mounted: on every (re)connect it
// subscribes again and, after a reconnect, calls onReconnect (pushes missed while disconnected are
// gone: live is only a hint, the page refetches from Postgres). `event` carries the view's pushes.
import { useEffect, useEffectEvent } from "react";
import { liveConnections, liveSocket } from "@/components/live/live-socket";
import type { LiveView, ServerToClientEvents } from "@/lib/live/events";

type PushEvent = "summary" | "collectors" | "traffic" | "deadLetters" | "reprocess";

export function useLiveView<E extends PushEvent>(
  view: LiveView,
  event: E,
  onPush: (payload: Parameters<ServerToClientEvents[E]>[0]) => void,
  onReconnect: () => void,
): void {
  const push = useEffectEvent(onPush);
  const reconnected = useEffectEvent(onReconnect);

  useEffect(() => {
    const socket = liveSocket();
    const subscribe = () =>
      socket.emit("subscribe", view, (res) => {
        if (!res.ok) console.warn(`live: subscribe to ${view} refused: ${res.error ?? "no reason given"}`);
      });
    const onConnect = () => {
      subscribe();
      if (liveConnections() > 1) reconnected();
    };
    const onEvent = (payload: Parameters<ServerToClientEvents[E]>[0]) => push(payload);
    // socket.io's typings cannot follow a generic event name; every push event takes one payload.
    const name = event as PushEvent as "traffic";
    socket.on(name, onEvent);
    socket.on("connect", onConnect);
    if (socket.connected) subscribe();
    return () => {
      socket.off(name, onEvent);
      socket.off("connect", onConnect);
      if (socket.connected) socket.emit("unsubscribe", view);
    };
  }, [view, event]);
}
