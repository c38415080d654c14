// POST /api/setup — create the first admin and sign them in; 409 once an admin exists
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { clientAddress } from "@/lib/http/client-address";
import { route } from "@/lib/http/handler";
import { readJson } from "@/lib/http/read-json";
import { setupSchema } from "@/lib/users/schemas";
import { setupFirstAdmin } from "@/lib/users/setup-first-admin";

export const dynamic = "force-dynamic";

export const POST = route(
  { kind: "public", why: "first run: there is nobody to sign in as yet" },
  async (req) => {
    const input = await readJson(req, setupSchema);
    const { userId } = await setupFirstAdmin(input, { via: "setup page", ip: clientAddress(req.headers) });
    const cookies = await signInWithPassword(input.email, input.password, req.headers);
    return Response.json({ userId }, { status: 201, headers: cookies });
  },
);
