// The socket.io /live namespace (browsers): checks the handshake's Origin and the caller's right to
// read events, lets a socket subscribe to a view's room, and has the hub push summaries to the
// Overview room while anyone listens. A socket whose access ends (revoked session or token,
// disabled user) is disconnected at once when announced, else at the next periodic re-check.
import type { Namespace, Server } from "socket.io";
import {
  LIVE_NAMESPACE,
  LIVE_VIEWS,
  type ClientToServerEvents,
  type LiveView,
  type ServerToClientEvents,
} from "@/lib/live/events";
import { onAccessChange } from "@/lib/auth/revocations";
import type { LiveHub } from "@/lib/live/hub";
import { isAllowedOrigin } from "@/server/origins";

export type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents>;
/**
 * Where hints go: `nsp.local` — this instance's sockets only. Every instance's hub hears the whole
 * cluster (server/live-relay.ts), so a broadcast through the adapter would reach each browser once
 * per instance.
 */
export type LiveRooms = Pick<LiveNamespace["local"], "to">;

type Log = { info: (obj: object, msg: string) => void; warn: (obj: object, msg: string) => void };

/** Who may watch: decided from the handshake's headers (session cookie or API token). */
export type LiveAuthorizer = (
  headers: Headers,
) => Promise<{ ok: true; userId: string } | { ok: false; status: 401 | 403; reason: string }>;

export type LiveNamespaceOptions = {
  authorize: LiveAuthorizer;
  /** How often every open socket is re-checked (sessions expire, roles change elsewhere). */
  recheckMs?: number;
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

  nsp.use((socket, next) => {
    const headers = toHeaders(socket.handshake.headers);
    opts
      .authorize(headers)
      .then((verdict) => {
        if (!verdict.ok)
          return next(Object.assign(new Error(verdict.reason), { data: { status: verdict.status } }));
        socket.data.userId = verdict.userId;
        socket.data.headers = headers;
        next();
      })
      .catch((err: unknown) => next(err instanceof Error ? err : new Error(String(err))));
  });

  /** Re-checks sockets (all, or one user's) and disconnects those whose access has ended. */
  const recheck = async (userId?: string): Promise<void> => {
    // This instance's sockets (fetchSockets() would ask every instance, and remote sockets' data
    // arrives serialised); access changes reach the other instances through the relay.
    const sockets = [...nsp.sockets.values()];
    await Promise.all(
      sockets
        .filter((s) => userId === undefined || userId === "*" || s.data.userId === userId)
        .map(async (s) => {
          const verdict = await opts.authorize(s.data.headers as Headers).catch(() => null);
          if (verdict?.ok) return;
          s.emit("access_ended", verdict?.reason ?? "access could not be checked");
          s.disconnect(true);
        }),
    );
  };
  const stopListening = onAccessChange((change) => {
    recheck(change.userId).catch((err: unknown) =>
      opts.log?.warn({ err }, "re-checking /live sockets failed"),
    );
  });
  const timer = setInterval(() => {
    recheck().catch((err: unknown) => opts.log?.warn({ err }, "re-checking /live sockets failed"));
  }, opts.recheckMs ?? 30_000);
  timer.unref();

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
      // (The Collectors view has its first state from the page and gets only hints.)
      if (view === "overview") socket.emit("summary", hub.summary());
      reply?.({ ok: true });
    });
    socket.on("unsubscribe", (view) => {
      if (isLiveView(view)) void socket.leave(roomOf(view));
    });
  });

  const overview = roomOf("overview");
  hub.start(
    (summary) => nsp.local.to(overview).emit("summary", summary),
    opts.intervalMs,
    () => (nsp.adapter.rooms.get(overview)?.size ?? 0) > 0,
  );
  return {
    nsp,
    stop: () => {
      hub.stop();
      stopListening();
      clearInterval(timer);
    },
  };
}

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v === "string") headers.set(k, v);
    else if (Array.isArray(v)) for (const one of v) headers.append(k, one);
  }
  return headers;
}
