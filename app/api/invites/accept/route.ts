// POST /api/invites/accept — an invitee (or a reset link's holder) sets their password and is signed in
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { clientAddress } from "@/lib/http/client-address";
import { route } from "@/lib/http/handler";
import { readJson } from "@/lib/http/read-json";
import { acceptInvite } from "@/lib/users/invitations";
import { acceptInviteSchema } from "@/lib/users/schemas";

export const dynamic = "force-dynamic";

export const POST = route({ kind: "public", why: "the invitation link is the credential" }, async (req) => {
  const input = await readJson(req, acceptInviteSchema);
  const { email } = await acceptInvite(input, clientAddress(req.headers));
  const cookies = await signInWithPassword(email, input.password, req.headers);
  return Response.json({ email }, { status: 200, headers: cookies });
});
