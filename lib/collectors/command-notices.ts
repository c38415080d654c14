// In-process notices that reprocess commands were enqueued for some collectors, so the /collectors
// namespace pushes them at once instead of at its next sweep. On globalThis: the Next route bundle
// that enqueues and the server that pushes are separate module instances in one process. Only a
// hint: the sweep (and a reconnecting agent's hello) finds every pending command in Postgres.
import { EventEmitter } from "node:events";

const g = globalThis as typeof globalThis & { __eventscopeCollectorCommands?: EventEmitter };

function bus(): EventEmitter {
  return (g.__eventscopeCollectorCommands ??= new EventEmitter().setMaxListeners(20));
}

/** Call after the commands are committed (earlier, the namespace would not see them yet). */
export function notifyCommandsEnqueued(collectorIds: Iterable<string>): void {
  const ids = [...new Set(collectorIds)];
  if (ids.length > 0) bus().emit("enqueued", ids);
}

/** Returns the unsubscribe function. */
export function onCommandsEnqueued(listener: (collectorIds: string[]) => void): () => void {
  bus().on("enqueued", listener);
  return () => bus().off("enqueued", listener);
}
