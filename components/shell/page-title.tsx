// The current section's title as the page's one <h1>, taken from the route.
"use client";

import { usePathname } from "next/navigation";
import { navItemFor } from "@/components/shell/nav-items";

export function PageTitle() {
  const pathname = usePathname();
  const title = navItemFor(pathname)?.title ?? "Not found";
  return <h1 className="truncate text-base font-semibold tracking-tight text-fg">{title}</h1>;
}
