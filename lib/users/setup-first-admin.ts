// The first admin: created once, by the setup page or from ADMIN_EMAIL/ADMIN_PASSWORD at start-up.
// Under an advisory lock, so two browsers racing through setup (or two instances booting) make one
// admin; afterwards setup answers 409 and the page is gone.
import { withTransaction } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { adminExists } from "@/lib/users/admins";
import { setPassword } from "@/lib/users/credentials";
import type { SetupInput } from "@/lib/users/schemas";

const SETUP_LOCK = 0x65736164; // "esad"

export async function setupFirstAdmin(
  input: SetupInput,
  origin: { via: "setup page" | "ADMIN_EMAIL"; ip: string | null },
): Promise<{ userId: string }> {
  return withTransaction(async (c) => {
    await c.query("SELECT pg_advisory_xact_lock($1)", [SETUP_LOCK]);
    if (await adminExists(c))
      throw new AppError(
        "conflict",
        "Eventscope is already set up: sign in, or ask an admin for an invitation",
      );
    const { rows } = await c.query<{ id: string }>(
      `INSERT INTO users (id, email, name, role, email_verified) VALUES (gen_random_uuid(), $1, $2, 'admin', true)
       ON CONFLICT (email) DO UPDATE SET role = 'admin', name = EXCLUDED.name, disabled_at = NULL, updated_at = now()
       RETURNING id`,
      [input.email, input.name],
    );
    const userId = rows[0]!.id;
    await setPassword(c, userId, input.password);
    await recordAudit(
      {
        actor: { type: origin.via === "setup page" ? "anonymous" : "system", label: input.email },
        action: "auth.setup",
        target: `user:${userId}`,
        details: { email: input.email, via: origin.via },
        ip: origin.ip,
      },
      c,
    );
    return { userId };
  });
}

/** At start-up: the admin from the environment, when there is none yet. Returns whether it made one. */
export async function bootstrapAdminFromEnv(email?: string, password?: string): Promise<boolean> {
  if (!email || !password || (await adminExists())) return false;
  try {
    await setupFirstAdmin(
      { email: email.toLowerCase(), name: "Admin", password },
      { via: "ADMIN_EMAIL", ip: null },
    );
    return true;
  } catch (err) {
    if (err instanceof AppError && err.code === "conflict") return false; // another instance won the race
    throw err;
  }
}
