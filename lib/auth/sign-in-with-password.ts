// Signs a person in right after they chose their password (first-run setup, an accepted
// invitation): the auth library creates the session, and its Set-Cookie headers are handed back
// for the route's own response. The session token never appears in a response body.
import "server-only";
import { getAuth } from "@/lib/auth/auth";
import { clearSignInFailures } from "@/lib/auth/sign-in-throttle";

export async function signInWithPassword(
  email: string,
  password: string,
  requestHeaders: Headers,
): Promise<Headers> {
  const auth = await getAuth();
  // The password was just set with a one-time credential (first-run setup, an admin's link), so
  // earlier failed guesses no longer count: left in place, the per-email lockout would refuse this
  // sign-in after the password had already changed.
  await clearSignInFailures(email);
  const { headers } = await auth.api.signInEmail({
    body: { email, password },
    headers: requestHeaders,
    returnHeaders: true,
  });
  const cookies = new Headers();
  for (const c of headers.getSetCookie()) cookies.append("set-cookie", c);
  return cookies;
}
