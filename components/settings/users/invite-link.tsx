// An invitation or password-reset link, shown once: the full address to hand over, who it is for
// and until when it works.
"use client";

import { LocalTime } from "@/components/ui/local-time";
import { ShownOnce } from "@/components/ui/shown-once";

export type IssuedLink = { email: string; url: string; expiresAt: string; reset: boolean };

export function InviteLink({ link }: { link: IssuedLink }) {
  return (
    <ShownOnce
      label={link.reset ? "Password reset link" : "Invitation link"}
      value={link.url}
      note={
        <>
          Copy it now: it is shown only once. Send it to <strong className="font-medium">{link.email}</strong>{" "}
          by a channel you trust; anyone holding it can{" "}
          {link.reset ? "set this person's password" : "join as them"}.
        </>
      }
    >
      <p className="text-xs text-fg-subtle">
        Works once, until <LocalTime iso={link.expiresAt} format="datetime" />. Issuing another link voids
        this one.
        {link.reset && " Using it ends this person's sessions."}
      </p>
    </ShownOnce>
  );
}
