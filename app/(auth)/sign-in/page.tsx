// Sign-in: email and password, the team's SSO when configured, and the local demo's automatic sign-in.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/sign-in/sign-in-form";
import { currentUser, safeNext } from "@/lib/auth/current-user";
import { demoSignInEnabled } from "@/lib/auth/demo-sign-in";
import { env } from "@/lib/env";
import { adminExists } from "@/lib/users/admins";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const next = safeNext(typeof params.next === "string" ? params.next : null);
  if (await currentUser()) redirect(next);
  const demo = demoSignInEnabled();
  if (!demo && !(await adminExists())) redirect("/setup");
  const e = env();
  return (
    <SignInForm
      next={next}
      sso={e.OIDC_ISSUER ? { name: e.OIDC_NAME } : null}
      demo={demo}
      autoDemo={demo && params["signed-out"] === undefined}
    />
  );
}
