// Signs a person in right after they chose their password (first-run setup, an accepted
// invitation): the auth library creates the session, and its Set-Cookie headers are handed back
// for the route's own response. The session token never appears in a response body.
import "server-only";
import { getAuth } from "@/lib/auth/auth";

export async function signInWithPassword(
  email: string,
  password: string,
  requestHeaders: Headers,
): Promise<Headers> {
  const auth = await getAuth();
  const { headers } = await auth.api.signInEmail({
    body: { email, password },
    headers: requestHeaders,
    returnHeaders: true,
  });
  const cookies = new Headers();
  for (const c of headers.getSetCookie()) cookies.append("set-cookie", c);
  return cookies;
}
