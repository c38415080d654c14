// Sign-in at boot: the auth secret is ready, the admin from ADMIN_EMAIL/ADMIN_PASSWORD exists, and
// the demo admin exists when the demo signs visitors in automatically. Says which way in there is.
import { authSecret } from "@/lib/auth/auth-secret";
import { demoSignInEnabled, ensureDemoUser } from "@/lib/auth/demo-sign-in";
import { env } from "@/lib/env";
import { adminExists } from "@/lib/users/admins";
import { bootstrapAdminFromEnv } from "@/lib/users/setup-first-admin";

type Log = { info: (obj: object, msg: string) => void; warn: (obj: object, msg: string) => void };

export async function prepareSignIn(log: Log): Promise<void> {
  const e = env();
  const { source } = await authSecret();
  if (source === "generated" && e.DATABASE_URL)
    log.warn(
      {},
      "AUTH_SECRET is not set: using a secret generated once and kept in the database (set AUTH_SECRET to manage it yourself)",
    );
  if (await bootstrapAdminFromEnv(e.ADMIN_EMAIL, e.ADMIN_PASSWORD))
    log.info({ email: e.ADMIN_EMAIL }, "created the first admin from ADMIN_EMAIL");
  if (demoSignInEnabled()) {
    await ensureDemoUser();
    log.info(
      {},
      "demo: visitors from this machine are signed in automatically as the demo admin (DEMO_SIGN_IN=off to stop it)",
    );
  } else if (!(await adminExists())) {
    log.info(
      {},
      "no admin yet: open the app in a browser to create one on the setup page, or set ADMIN_EMAIL and ADMIN_PASSWORD",
    );
  }
}
