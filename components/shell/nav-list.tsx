// The section links with the current one marked (aria-current), used by the sidebar and the drawer;
// Alerts carries the count of firing alerts.
"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import clsx from "clsx";
import { FiringBadge, firingBadgeId } from "@/components/alerts/firing-badge";
import { isActive, NAV_ITEMS } from "@/components/shell/nav-items";

type Props = {
  /** "rail" shows icons only between md and lg; "full" always shows labels (drawer). */
  variant: "rail" | "full";
  onNavigate?: () => void;
};

export function NavList({ variant, onNavigate }: Props) {
  const pathname = usePathname();
  return (
    <ul className="flex flex-col gap-0.5">
      {NAV_ITEMS.map((item) => {
        const active = isActive(item, pathname);
        const Icon = item.icon;
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active ? "page" : undefined}
              aria-describedby={item.href === "/alerts" ? firingBadgeId(variant) : undefined}
              title={variant === "rail" ? item.label : undefined}
              onClick={onNavigate}
              className={clsx(
                "relative flex h-9 items-center gap-3 rounded-md px-2.5 text-sm transition-colors",
                variant === "rail" && "justify-center lg:justify-start",
                active
                  ? "bg-accent-soft font-medium text-fg"
                  : "text-fg-muted hover:bg-surface-2 hover:text-fg",
              )}
            >
              {active && (
                <span aria-hidden className="absolute inset-y-1.5 left-0 w-0.5 rounded-full bg-accent" />
              )}
              <Icon className={clsx("size-4 shrink-0", active && "text-accent")} aria-hidden />
              <span className={clsx(variant === "rail" && "sr-only lg:not-sr-only")}>{item.label}</span>
              {item.href === "/alerts" && (
                <FiringBadge rail={variant === "rail"} id={firingBadgeId(variant)} />
              )}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
