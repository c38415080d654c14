// Subscribes to one /live view for as long as the component is mounted: on every (re)connect it
// subscribes again and, once the server has confirmed the subscription, calls onResync — pushes
// sent before that (while disconnected, or between the page's first fetch and its subscription)
// are gone: live is only a hint, the page refetches from Postgres. `event` carries the view's pushes.
// Several components may follow one view at once (the alerts banner, badge and page): the socket
// leaves the view's room only when the last of them unmounts. With `enabled` false it follows nothing
// (for a hook that follows a view only in some of its uses).
import { useEffect, useEffectEvent } from "react";
import { liveSocket } from "@/components/live/live-socket";
import type { LiveView, ServerToClientEvents } from "@/lib/live/events";

/** How many mounted hooks follow each view on this tab's socket. */
const following = new Map<LiveView, number>();

type PushEvent = "summary" | "collectors" | "traffic" | "deadLetters" | "reprocess" | "alerts";

export function useLiveView<E extends PushEvent>(
  view: LiveView,
  event: E,
  onPush: (payload: Parameters<ServerToClientEvents[E]>[0]) => void,
  onResync: () => void,
  enabled = true,
): void {
  const push = useEffectEvent(onPush);
  const resync = useEffectEvent(onResync);

  useEffect(() => {
    if (!enabled) return;
    const socket = liveSocket();
    const subscribe = () =>
      socket.emit("subscribe", view, (res) => {
        if (res.ok) resync();
        else console.warn(`live: subscribe to ${view} refused: ${res.error ?? "no reason given"}`);
      });
    const onEvent = (payload: Parameters<ServerToClientEvents[E]>[0]) => push(payload);
    // socket.io's typings cannot follow a generic event name; every push event takes one payload.
    const name = event as PushEvent as "traffic";
    socket.on(name, onEvent);
    socket.on("connect", subscribe);
    following.set(view, (following.get(view) ?? 0) + 1);
    if (socket.connected) subscribe();
    return () => {
      socket.off(name, onEvent);
      socket.off("connect", subscribe);
      const left = (following.get(view) ?? 1) - 1;
      if (left > 0) following.set(view, left);
      else following.delete(view);
      if (left <= 0 && socket.connected) socket.emit("unsubscribe", view);
    };
  }, [view, event, enabled]);
}
