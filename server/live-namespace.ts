// The socket.io /live namespace (browsers): checks the handshake's Origin, lets a socket subscribe
// to a view's room, and has the hub push summaries to the Overview room while anyone listens.
import type { Namespace, Server } from "socket.io";
import {
  LIVE_NAMESPACE,
  LIVE_VIEWS,
  type ClientToServerEvents,
  type LiveView,
  type ServerToClientEvents,
} from "@/lib/live/events";
import type { LiveHub } from "@/lib/live/hub";
import { isAllowedOrigin } from "@/server/origins";

export type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents>;

type Log = { info: (obj: object, msg: string) => void; warn: (obj: object, msg: string) => void };

export type LiveNamespaceOptions = {
  /** The app's own origins; read at each handshake (the port is known only once listening). */
  allowedOrigins: () => readonly string[];
  intervalMs: number;
  log?: Log;
};

export function roomOf(view: LiveView): string {
  return `view:${view}`;
}

function isLiveView(v: unknown): v is LiveView {
  return typeof v === "string" && (LIVE_VIEWS as readonly string[]).includes(v);
}

/** Attaches /live to `io` and starts the hub's pushes; the returned stop() ends them. */
export function attachLiveNamespace(
  io: Server,
  hub: LiveHub,
  opts: LiveNamespaceOptions,
): { nsp: LiveNamespace; stop: () => void } {
  const nsp: LiveNamespace = io.of(LIVE_NAMESPACE);

  nsp.use((socket, next) => {
    const origin = socket.handshake.headers.origin;
    if (isAllowedOrigin(origin, opts.allowedOrigins())) return next();
    opts.log?.warn(
      { origin, address: socket.handshake.address },
      "refused a /live connection from a foreign origin",
    );
    next(new Error("origin not allowed"));
  });

  nsp.on("connection", (socket) => {
    socket.on("subscribe", (view, ack) => {
      // Payloads come from the network: the typed signature is a hope, not a guarantee.
      const reply = typeof ack === "function" ? ack : undefined;
      if (!isLiveView(view)) {
        reply?.({
          ok: false,
          error: `unknown view ${JSON.stringify(view)}; expected one of ${LIVE_VIEWS.join(", ")}`,
        });
        return;
      }
      void socket.join(roomOf(view));
      // A new subscriber sees the current state at once instead of waiting for the next change.
      socket.emit("summary", hub.summary());
      reply?.({ ok: true });
    });
    socket.on("unsubscribe", (view) => {
      if (isLiveView(view)) void socket.leave(roomOf(view));
    });
  });

  const overview = roomOf("overview");
  hub.start(
    (summary) => nsp.to(overview).emit("summary", summary),
    opts.intervalMs,
    () => (nsp.adapter.rooms.get(overview)?.size ?? 0) > 0,
  );
  return { nsp, stop: () => hub.stop() };
}
