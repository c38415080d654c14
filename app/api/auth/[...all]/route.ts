// /api/auth/* — the auth library's endpoints (sign-in, sign-out, password change, sign out
// everywhere, OIDC, the demo's automatic sign-in); each checks its own caller and origin.
import { getAuth } from "@/lib/auth/auth";
import { route } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

const access = {
  kind: "public",
  why: "sign-in itself; each auth endpoint checks its own caller",
  ownOriginCheck: true, // the library refuses cross-site writes to its endpoints (tested in csrf.int.test.ts)
} as const;
const handle = route(access, async (req) => (await getAuth()).handler(req));

export const GET = handle;
export const POST = handle;
