// The socket.io adapter that carries broadcasts and server-side events between app processes:
// Redis pub/sub when REDIS_URL is set, else the app's own Postgres (LISTEN/NOTIFY through
// @socket.io/postgres-adapter on a small dedicated pool, so a busy app pool never delays a push;
// payloads over 8 000 bytes go through the socket_io_attachments table, created by a migration).
// Neither keeps messages for a process that was away: live is a hint, Postgres is the record.
import { createAdapter as createPostgresAdapter } from "@socket.io/postgres-adapter";
import { createAdapter as createRedisAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
import pg from "pg";
import type { ServerOptions } from "socket.io";

type Log = { warn: (obj: object, msg: string) => void };

export type LiveAdapter = {
  kind: "postgres" | "redis";
  adapter: ServerOptions["adapter"];
  /** After io.close() (which closes the adapter's subscription). */
  close: () => Promise<void>;
};

/** Connections of the adapter's own pool: one held by LISTEN, one or two for NOTIFY. */
const ADAPTER_POOL_SIZE = 3;

/** Redis channels start with this: the app's processes find each other under it. */
export const REDIS_KEY = "eventscope";

export function createLiveAdapter(o: {
  databaseUrl: string;
  redisUrl?: string;
  /** Tests sharing one Redis keep apart with their own key. */
  redisKey?: string;
  log: Log;
}): LiveAdapter {
  const errorHandler = (err: unknown) => o.log.warn({ err }, "live adapter: a cross-instance message failed");
  if (o.redisUrl) {
    const pub = new Redis(o.redisUrl, { lazyConnect: false });
    const sub = pub.duplicate();
    // ioredis reconnects by itself; an unhandled "error" event would crash the process.
    pub.on("error", errorHandler);
    sub.on("error", errorHandler);
    return {
      kind: "redis",
      adapter: createRedisAdapter(pub, sub, { key: o.redisKey ?? REDIS_KEY }) as ServerOptions["adapter"],
      close: async () => {
        await Promise.allSettled([pub.quit(), sub.quit()]);
      },
    };
  }
  const pool = new pg.Pool({
    connectionString: o.databaseUrl,
    max: ADAPTER_POOL_SIZE,
    application_name: "eventscope-live",
    // The adapter (0.5, the latest) sends each new namespace's LISTEN on its subscribed client
    // without waiting for the previous one; pg 8 warns of that at every boot and pg 9 will refuse
    // it. Pipeline mode is pg's own way to have several queries in flight on one connection.
    pipeline: true,
  });
  pool.on("error", errorHandler);
  return {
    kind: "postgres",
    adapter: createPostgresAdapter(pool, { errorHandler }) as ServerOptions["adapter"],
    close: () => pool.end(),
  };
}
