// The bar above every page: menu (phones), page title, live connection, theme switch and the person's menu.
import { LiveIndicator } from "@/components/live/live-indicator";
import { MobileNav } from "@/components/shell/mobile-nav";
import { PageTitle } from "@/components/shell/page-title";
import { DemoBadge, UserMenu } from "@/components/shell/user-menu";
import { ThemeToggle } from "@/components/theme/theme-toggle";

export function TopBar() {
  return (
    <header className="sticky top-0 z-20 flex h-12 shrink-0 items-center gap-3 border-b border-line bg-surface/90 px-3 backdrop-blur md:px-5">
      <MobileNav />
      <div className="min-w-0 flex-1">
        <PageTitle />
      </div>
      <DemoBadge />
      <LiveIndicator />
      <ThemeToggle />
      <UserMenu />
    </header>
  );
}
