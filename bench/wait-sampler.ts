// What the bench database's client backends were doing, sampled every 20 ms from pg_stat_activity:
// per statement (its first words), how often it was running on CPU, waiting for a lock, or waiting
// on I/O or the client. Tells whether a pipeline stage is bound by work or by waiting on another.
import pg from "pg";

export function sampleWaits(url: string, database: string) {
  const client = new pg.Client({ connectionString: url });
  const counts = new Map<string, number>();
  let samples = 0;
  let stopped = false;
  const ready = client.connect();
  const loop = (async () => {
    await ready;
    while (!stopped) {
      const { rows } = await client.query<{ what: string; wait: string | null }>(
        `SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 60) AS what,
                CASE WHEN wait_event_type IS NULL THEN 'cpu' ELSE wait_event_type || ':' || wait_event END AS wait
         FROM pg_stat_activity
         WHERE datname = $1 AND backend_type = 'client backend' AND state = 'active' AND pid <> pg_backend_pid()`,
        [database],
      );
      samples++;
      for (const r of rows) {
        const key = `${(r.wait ?? "cpu").padEnd(28)} ${r.what}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return {
    /** Lines "share of samples  wait  statement", most frequent first. */
    async stop(limit = 15): Promise<string[]> {
      stopped = true;
      await loop.catch(() => undefined);
      await client.end().catch(() => undefined);
      return [...counts]
        .sort((a, b) => b[1] - a[1])
        .slice(0, limit)
        .map(([k, n]) => `  ${((100 * n) / Math.max(1, samples)).toFixed(0).padStart(4)} %  ${k}`);
    },
  };
}
