// The dashboard's sections, in sidebar order: one list for the sidebar, the mobile drawer and titles.
import {
  Bell,
  Cable,
  Inbox,
  LayoutDashboard,
  Library,
  Settings,
  Timer,
  Waypoints,
  Workflow,
  type LucideIcon,
} from "lucide-react";

export type NavItem = { href: string; label: string; title: string; icon: LucideIcon };

export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/", label: "Overview", title: "Overview", icon: LayoutDashboard },
  { href: "/flows", label: "Flows", title: "Flows", icon: Workflow },
  { href: "/catalog", label: "Catalog", title: "Event catalog", icon: Library },
  { href: "/latency", label: "Latency", title: "Latency", icon: Timer },
  { href: "/traces", label: "Traces", title: "Traces", icon: Waypoints },
  { href: "/dlq", label: "DLQ", title: "Dead-letter queues", icon: Inbox },
  { href: "/alerts", label: "Alerts", title: "Alerts", icon: Bell },
  { href: "/collectors", label: "Collectors", title: "Collectors", icon: Cable },
  { href: "/settings", label: "Settings", title: "Settings", icon: Settings },
];

export function isActive(item: NavItem, pathname: string): boolean {
  return item.href === "/"
    ? pathname === "/"
    : pathname === item.href || pathname.startsWith(`${item.href}/`);
}

export function navItemFor(pathname: string): NavItem | undefined {
  return NAV_ITEMS.find((item) => isActive(item, pathname));
}
