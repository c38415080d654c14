// Leadership among processes through one Postgres session advisory lock, held on a dedicated
// connection for as long as this process leads. Standbys try for it every `pollMs`; the leader
// pings its connection as often. When the leader dies its connection closes, Postgres releases the
// lock, and a standby holds it within `pollMs`; when the leader loses its connection it stops
// leading (`onLost`) before trying again. The connection's application_name carries the OS pid, so
// pg_locks ⋈ pg_stat_activity says which process leads.
import pg from "pg";

type Log = { info: (obj: object, msg: string) => void; warn: (obj: object, msg: string) => void };

export type Leadership = { leading: () => boolean; stop: () => Promise<void> };

export type LeaderLockOptions = {
  url: string;
  /** The advisory lock key (one per kind of leadership). */
  key: number;
  /** Shown in pg_stat_activity: `<name> pid <pid>`. */
  name: string;
  pollMs: number;
  onAcquired: () => void;
  /** Must stop everything the leadership started; awaited before the lock is tried again. */
  onLost: () => Promise<void>;
  log: Log;
};

export function holdLeaderLock(o: LeaderLockOptions): Leadership {
  let client: pg.Client | undefined;
  let leading = false;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempt: Promise<void> = Promise.resolve();

  const lose = async (why: string) => {
    const c = client;
    client = undefined;
    if (leading) {
      leading = false;
      o.log.warn({ why }, `${o.name}: lost the leader lock; stopping its jobs`);
      await o.onLost();
    }
    await c?.end().catch(() => undefined);
  };

  const step = async () => {
    try {
      if (!client) {
        const c = new pg.Client({
          connectionString: o.url,
          application_name: `${o.name} pid ${process.pid}`,
          keepAlive: true,
        });
        // A broken connection is noticed by the next ping; this only keeps the error handled.
        c.on("error", () => undefined);
        client = c;
        await c.connect();
      }
      if (leading) {
        await client.query("SELECT 1");
        return;
      }
      const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [o.key]);
      if (rows[0]?.ok && !stopped) {
        leading = true;
        o.log.info({ pid: process.pid }, `${o.name}: holding the leader lock; starting its jobs`);
        o.onAcquired();
      }
    } catch (err) {
      await lose(err instanceof Error ? err.message : String(err));
    }
  };

  const loop = () => {
    if (stopped) return;
    attempt = step().finally(() => {
      if (stopped) return;
      timer = setTimeout(loop, o.pollMs);
      timer.unref();
    });
  };
  loop();

  return {
    leading: () => leading,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await attempt;
      if (leading) {
        leading = false;
        await o.onLost();
      }
      // Ending the session releases the lock; a standby takes it at its next try.
      await client?.end().catch(() => undefined);
      client = undefined;
    },
  };
}
