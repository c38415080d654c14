// An invitation (or password-reset) link: choose a password, then you are signed in.
import type { Metadata } from "next";
import { AcceptInviteForm } from "@/components/sign-in/accept-invite-form";
import { describeInvite } from "@/lib/users/invitations";

export const metadata: Metadata = { title: "Join Eventscope" };

type Props = { params: Promise<{ token: string }> };

export default async function InvitePage({ params }: Props) {
  const { token } = await params;
  const invite = token.length >= 20 && token.length <= 200 ? await describeInvite(token) : null;
  return <AcceptInviteForm token={token} invite={invite} />;
}
