// One statement on its own connection: CREATE / DROP DATABASE of the benchmarks' scratch databases
// (they cannot run inside a pool's transaction or on the database being dropped).
import pg from "pg";

export async function adminQuery(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}
