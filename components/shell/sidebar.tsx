// Left navigation: hidden on phones (the top bar's menu opens a drawer), an icon rail on tablets,
// labelled on desktops.
import { Brand } from "@/components/shell/brand";
import { NavList } from "@/components/shell/nav-list";

export function Sidebar() {
  return (
    <aside className="sticky top-0 hidden h-dvh w-14 shrink-0 flex-col border-r border-line bg-surface md:flex lg:w-56">
      <Brand compact />
      <nav aria-label="Main" className="flex-1 overflow-y-auto px-2 py-2">
        <NavList variant="rail" />
      </nav>
      <p className="hidden px-4 py-3 text-xs text-fg-subtle lg:block">Self-hosted · v0.1</p>
    </aside>
  );
}
