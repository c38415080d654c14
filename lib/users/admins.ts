// Is there an admin who can sign in? Until there is, the app shows the one-time setup page.
// The demo's built-in admin does not count: it has no password and exists only on localhost.
import type pg from "pg";
import { DEMO_USER_EMAIL } from "@/lib/auth/demo-sign-in";
import { pool } from "@/lib/db/client";

const g = globalThis as typeof globalThis & { __eventscopeAdminExists?: boolean };

type Queryable = Pick<pg.Pool | pg.PoolClient, "query">;

/** Remembered once true: admins are never deleted, and the last one cannot be demoted or disabled. */
export async function adminExists(db: Queryable = pool()): Promise<boolean> {
  if (g.__eventscopeAdminExists) return true;
  const exists = (await countActiveAdmins(db)) > 0;
  if (exists) g.__eventscopeAdminExists = true;
  return exists;
}

/** Active admins who can sign in, other than the demo's. */
export async function countActiveAdmins(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled_at IS NULL AND email <> $1`,
    [DEMO_USER_EMAIL],
  );
  return rows[0]?.n ?? 0;
}

export function forgetAdminExistsForTests(): void {
  g.__eventscopeAdminExists = undefined;
}
