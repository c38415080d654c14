// The signed-in shell: sidebar, top bar with the person's menu, the firing-alerts banner (floating
// under the top bar while alerts fire), `/` to the page's search box, and the page. Nobody gets
// here without a session (each page checks its own permission as well).
import type { ReactNode } from "react";
import { FiringBanner } from "@/components/alerts/firing-banner";
import { ViewerProvider } from "@/components/auth/viewer-context";
import { SearchShortcut } from "@/components/ui/search-shortcut";
import { Sidebar } from "@/components/shell/sidebar";
import { TopBar } from "@/components/shell/top-bar";
import { requireUser } from "@/lib/auth/current-user";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const viewer = await requireUser();
  return (
    <ViewerProvider viewer={viewer}>
      <a
        href="#main"
        className="sr-only rounded-md bg-accent px-3 py-2 text-sm font-medium text-accent-fg focus:not-sr-only focus:fixed focus:left-3 focus:top-2 focus:z-50"
      >
        Skip to content
      </a>
      <SearchShortcut />
      <div className="flex min-h-dvh">
        <Sidebar />
        <div className="flex min-w-0 flex-1 flex-col">
          <TopBar />
          <FiringBanner />
          <main id="main" className="flex-1 p-3 md:p-5">
            {children}
          </main>
        </div>
      </div>
    </ViewerProvider>
  );
}
