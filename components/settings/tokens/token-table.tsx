// A table of API tokens: name and prefix, scopes, dates, status, and Revoke for active ones.
// Used for your own tokens and, with the owner column, for everyone's (admins).
"use client";

import clsx from "clsx";
import { Ban } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";
import { PERMISSION_TEXT } from "@/lib/auth/permissions";
import { tokenStatus, type TokenJson } from "@/components/settings/tokens/token-queries";
import { formatAge } from "@/lib/overview/format";

const STATUS_TONE = { active: "ok", expired: "warn", revoked: "danger" } as const;

type Props = {
  label: string;
  tokens: TokenJson[];
  now: number;
  showOwner?: boolean;
  onRevoke: (t: TokenJson) => void;
};

export function TokenTable({ label, tokens, now, showOwner, onRevoke }: Props) {
  const columns = ["Token", ...(showOwner ? ["Owner"] : []), "Scopes", "Created", "Expires", "Last used"];
  return (
    <div className="relative overflow-x-auto">
      {/* relative: the sr-only "Actions" header is positioned absolutely and would widen the page. */}
      <table aria-label={label} className="w-full min-w-[900px] text-sm">
        <thead className="text-left text-xs whitespace-nowrap text-fg-subtle">
          <tr className="h-8">
            {columns.map((c) => (
              <th key={c} scope="col" className="px-4 font-medium">
                {c}
              </th>
            ))}
            <th scope="col" className="px-4 font-medium">
              Status
            </th>
            <th scope="col" className="px-4 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => {
            const status = tokenStatus(t, now);
            return (
              <tr
                key={t.id}
                className={clsx("border-t border-line align-top", status !== "active" && "text-fg-subtle")}
              >
                <td className="px-4 py-2">
                  <div
                    className={clsx(
                      "max-w-[16rem] truncate font-medium",
                      status === "active" ? "text-fg" : "text-fg-muted",
                    )}
                    title={t.name}
                  >
                    {t.name}
                  </div>
                  <div className="font-mono text-xs text-fg-subtle">{t.tokenPrefix}…</div>
                </td>
                {showOwner && (
                  <td className="max-w-[14rem] truncate px-4 py-2 text-fg-muted" title={t.userEmail}>
                    {t.userEmail}
                  </td>
                )}
                <td className="px-4 py-2">
                  <ul className="flex max-w-xs flex-wrap gap-1" aria-label="Scopes">
                    {t.scopes.map((s) => (
                      <li key={s} title={PERMISSION_TEXT[s]?.explain}>
                        <Badge>{s}</Badge>
                      </li>
                    ))}
                  </ul>
                </td>
                <td className="px-4 py-2 whitespace-nowrap text-fg-muted">
                  <LocalTime iso={t.createdAt} format="date" />
                </td>
                <td className="px-4 py-2 whitespace-nowrap text-fg-muted">
                  <LocalTime iso={t.expiresAt} format="date" empty="never" />
                </td>
                <td className="px-4 py-2 whitespace-nowrap text-fg-muted" title={t.lastUsedAt ?? undefined}>
                  {formatAge(t.lastUsedAt, now)}
                </td>
                <td className="px-4 py-2">
                  <Badge tone={STATUS_TONE[status]}>{status}</Badge>
                </td>
                <td className="px-4 py-1.5 text-right">
                  {status !== "revoked" && (
                    <Button
                      size="sm"
                      variant="ghost"
                      icon={<Ban className="size-3.5" aria-hidden />}
                      aria-label={`Revoke token ${t.name}`}
                      onClick={() => onRevoke(t)}
                    >
                      Revoke
                    </Button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
