// One socket.io connection to the /live namespace per browser tab, shared by every hook, and its
// connection status as an external store (connecting → connected ⇄ reconnecting).
import { io, type Socket } from "socket.io-client";
import { LIVE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents } from "@/lib/live/events";

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type LiveStatus = "connecting" | "connected" | "reconnecting";

const RETRY_AFTER_REFUSAL_MS = 5_000;

let socket: LiveSocket | undefined;
let status: LiveStatus = "connecting";
const listeners = new Set<() => void>();

function setStatus(next: LiveStatus): void {
  if (next === status) return;
  status = next;
  for (const l of listeners) l();
}

/** The tab's socket, created on first use (never during server rendering). */
export function liveSocket(): LiveSocket {
  if (socket) return socket;
  // WebSocket first (one connection to one instance: no sticky sessions needed behind a load
  // balancer); long-polling only where a WebSocket cannot be opened.
  const s: LiveSocket = io(LIVE_NAMESPACE, {
    transports: ["websocket", "polling"],
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
  });
  s.on("connect", () => setStatus("connected"));
  s.on("disconnect", (reason) => {
    setStatus("reconnecting");
    // The server closed us on purpose (restart, middleware): socket.io does not retry by itself.
    if (reason === "io server disconnect") setTimeout(() => s.connect(), RETRY_AFTER_REFUSAL_MS);
  });
  // The server dropped us because someone's access changed. It may still be ours (a password change
  // renews this tab's cookie): a new handshake decides, and a 401 there sends the tab to sign-in.
  s.on("access_ended", () => {
    s.disconnect();
    if (!leaving) s.connect();
  });
  s.on("connect_error", (err: Error & { data?: { status?: number } }) => {
    if (err.data?.status === 401) return toSignIn();
    setStatus("reconnecting");
    if (!s.active) setTimeout(() => s.connect(), RETRY_AFTER_REFUSAL_MS);
  });
  socket = s;
  return s;
}

/** Set when this tab signs itself out: the server's "access ended" must not race our own redirect. */
let leaving = false;

/** Closes the live connection before this tab signs out (here or everywhere). */
export function leaveLiveSession(): void {
  leaving = true;
  socket?.disconnect();
}

/** The sign-out failed: this tab stays, and so does its live connection. */
export function rejoinLiveSession(): void {
  leaving = false;
  socket?.connect();
}

function toSignIn(): void {
  if (leaving) return;
  socket?.disconnect();
  const next = window.location.pathname + window.location.search;
  window.location.assign(`/sign-in?next=${encodeURIComponent(next)}`);
}

export function getLiveStatus(): LiveStatus {
  return status;
}

export function subscribeLiveStatus(listener: () => void): () => void {
  liveSocket();
  listeners.add(listener);
  return () => listeners.delete(listener);
}
