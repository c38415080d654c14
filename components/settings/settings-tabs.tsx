// The Settings area's tabs: only those the viewer may open, the current one marked for screen
// readers (aria-current) as well as by eye. Scrolls sideways on narrow screens.
"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import clsx from "clsx";
import { useViewer } from "@/components/auth/viewer-context";
import type { Permission } from "@/lib/auth/permissions";

type Tab = { href: string; label: string; permission: Permission };

const TABS: readonly Tab[] = [
  { href: "/settings", label: "Account", permission: "events:read" },
  { href: "/settings/tokens", label: "API tokens", permission: "events:read" },
  { href: "/settings/users", label: "Users", permission: "users:manage" },
  { href: "/settings/access", label: "Access", permission: "settings:manage" },
  { href: "/settings/audit", label: "Audit log", permission: "audit:read" },
];

function isCurrent(tab: Tab, pathname: string): boolean {
  return tab.href === "/settings"
    ? pathname === "/settings"
    : pathname === tab.href || pathname.startsWith(`${tab.href}/`);
}

export function SettingsTabs() {
  const pathname = usePathname();
  const { permissions } = useViewer();
  const tabs = TABS.filter((t) => permissions.includes(t.permission));
  return (
    <nav aria-label="Settings" className="-mx-3 overflow-x-auto border-b border-line px-3 md:mx-0 md:px-0">
      <ul className="flex gap-1">
        {tabs.map((t) => {
          const current = isCurrent(t, pathname);
          return (
            <li key={t.href}>
              <Link
                href={t.href}
                aria-current={current ? "page" : undefined}
                className={clsx(
                  "-mb-px flex h-10 items-center border-b-2 px-3 text-sm font-medium whitespace-nowrap transition-colors",
                  current
                    ? "border-accent text-fg"
                    : "border-transparent text-fg-muted hover:border-line-strong hover:text-fg",
                )}
              >
                {t.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
