// In-process announcements that someone's access changed (signed out everywhere, password
// changed, disabled, role changed, token revoked). Long-lived connections (socket.io /live)
// listen and re-check the affected users at once instead of waiting for their next check. On
// globalThis: the Next route bundle that announces and the server that listens are separate
// module instances in one process.
import { EventEmitter } from "node:events";

/** One person's access changed, or everyone's (userId "*": the access policy). */
export type AccessChange = { userId: string; why: string };

const g = globalThis as typeof globalThis & { __eventscopeAccessChanges?: EventEmitter };

function bus(): EventEmitter {
  return (g.__eventscopeAccessChanges ??= new EventEmitter().setMaxListeners(50));
}

export function announceAccessChange(change: AccessChange): void {
  bus().emit("change", change);
}

/** Returns the unsubscribe function. */
export function onAccessChange(listener: (change: AccessChange) => void): () => void {
  bus().on("change", listener);
  return () => bus().off("change", listener);
}
