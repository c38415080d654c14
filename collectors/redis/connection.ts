// ioredis connections that fail fast: no reconnect loop, no offline queue. ioredis retries forever
// by default, which would turn "Redis is down" into a start() that never settles; here a failed
// connect rejects with a readable reason and a lost connection ends, so the runtime can restart
// the adapter with its own backoff.
import { Redis } from "ioredis";

export type Connection = {
  redis: Redis;
  /** The last socket or protocol error ioredis reported (its connect() rejection only says "Connection is closed."). */
  lastError(): string | undefined;
};

/** host:port of a redis:// URL: what errors name (never the password or user). */
export function describeAddress(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || "127.0.0.1"}:${u.port || "6379"}`;
  } catch {
    return "(unreadable URL)";
  }
}

/** Removes anything that looks like a URL's credentials from an error message. */
export function scrubCredentials(message: string): string {
  return message.replace(/(rediss?:\/\/)[^@\s/]*@/gi, "$1***@");
}

/**
 * `name` shows in CLIENT LIST as eventscope-<name>-<role>, so an operator can tell collectors
 * apart (CLIENT SETNAME refuses spaces, hence the replacement).
 */
export function createConnection(
  url: string,
  name: string,
  role: string,
  connectTimeoutMs: number,
): Connection {
  let last: string | undefined;
  const redis = new Redis(url, {
    lazyConnect: true,
    // RESP2: replies are the flat arrays stream-info.ts parses, and Redis 5/6 (no HELLO 3) work too.
    protocol: 2,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    // ioredis would resend an unanswered XREAD after a reconnect; there is no reconnect here.
    autoResendUnfulfilledCommands: false,
    connectTimeout: connectTimeoutMs,
    connectionName: `eventscope-${name}-${role}`.replace(/[^\w.:-]/g, "-"),
  });
  // Without a listener ioredis prints every error as "Unhandled error event".
  redis.on("error", (err: Error) => {
    last = scrubCredentials(err.message);
  });
  return { redis, lastError: () => last };
}

/** Connects, or rejects with `cannot reach Redis at host:port: <reason>` and leaves nothing open. */
export async function connect(conn: Connection, url: string): Promise<void> {
  try {
    await conn.redis.connect();
    await conn.redis.ping();
  } catch (err) {
    conn.redis.disconnect();
    const reason = conn.lastError() ?? (err instanceof Error ? scrubCredentials(err.message) : String(err));
    throw new Error(`cannot reach Redis at ${describeAddress(url)}: ${reason}`);
  }
}

/** Closes politely (QUIT) when connected, at once otherwise; never rejects. */
export async function close(conn: Connection | undefined): Promise<void> {
  if (!conn) return;
  const { redis } = conn;
  if (redis.status === "ready") {
    try {
      await redis.quit();
      return;
    } catch {
      // The connection broke under QUIT: nothing left to close politely.
    }
  }
  redis.disconnect();
}
