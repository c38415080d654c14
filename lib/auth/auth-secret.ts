// The secret that signs session cookies and OAuth state: AUTH_SECRET when set, else one generated
// at the first start and kept in app_settings, so a newcomer needs no setup and several instances
// on one database agree. (Session tokens are stored hashed, so the secret alone opens nothing.)
import { randomBytes } from "node:crypto";
import { pool } from "@/lib/db/client";
import { env } from "@/lib/env";

const KEY = "auth_secret";

export async function authSecret(): Promise<{ secret: string; source: "AUTH_SECRET" | "generated" }> {
  const fromEnv = env().AUTH_SECRET;
  if (fromEnv) return { secret: fromEnv, source: "AUTH_SECRET" };
  // Insert-if-absent then read: two instances starting at once end up with the same secret.
  await pool().query(`INSERT INTO app_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [
    KEY,
    JSON.stringify(randomBytes(32).toString("base64url")),
  ]);
  const { rows } = await pool().query<{ value: unknown }>("SELECT value FROM app_settings WHERE key = $1", [
    KEY,
  ]);
  const secret = rows[0]?.value;
  if (typeof secret !== "string" || secret.length < 32)
    throw new Error(
      `app_settings.${KEY} is not a usable secret; delete the row to generate a new one, or set AUTH_SECRET`,
    );
  return { secret, source: "generated" };
}
