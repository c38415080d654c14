// Settings › Account: who you are, your password, and signing out everywhere.
import type { Metadata } from "next";
import { AccountCard } from "@/components/settings/account/account-card";
import { ChangePasswordForm } from "@/components/settings/account/change-password-form";
import { SignOutEverywhere } from "@/components/settings/account/sign-out-everywhere";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Account · Settings" };

export default async function AccountPage() {
  const viewer = await requireUser("events:read");
  return (
    <div className="flex max-w-3xl flex-col gap-4">
      <AccountCard viewer={viewer} />
      {viewer.demo ? (
        <Card className="p-4 text-sm text-fg-muted">
          The local demo signs you in automatically, without a password. Passwords and sessions matter once
          Eventscope runs on its own database with real accounts.
        </Card>
      ) : (
        <>
          <ChangePasswordForm email={viewer.email} />
          <SignOutEverywhere />
        </>
      )}
    </div>
  );
}
