// Who the signed-in person is: name, email and role, with what the role allows in one line.
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { ROLE_TEXT } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/current-user";

export function AccountCard({ viewer }: { viewer: Viewer }) {
  return (
    <Card as="section" aria-labelledby="account-title">
      <CardHeader id="account-title" title="Your account" />
      <dl className="grid gap-x-6 gap-y-3 p-4 text-sm sm:grid-cols-[8rem_1fr]">
        <dt className="text-fg-subtle">Name</dt>
        <dd className="font-medium text-fg">{viewer.name || "—"}</dd>
        <dt className="text-fg-subtle">Email</dt>
        <dd className="break-all text-fg">{viewer.demo ? "the local demo's admin" : viewer.email}</dd>
        <dt className="text-fg-subtle">Role</dt>
        <dd className="flex flex-col items-start gap-1">
          <Badge tone="accent">{viewer.role}</Badge>
          <span className="text-fg-muted">{ROLE_TEXT[viewer.role]}</span>
        </dd>
      </dl>
    </Card>
  );
}
