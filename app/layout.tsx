// Root layout: the theme is set before first paint, then the shell (sidebar, top bar) wraps pages.
import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "@/app/globals.css";
import { Providers } from "@/components/providers";
import { Sidebar } from "@/components/shell/sidebar";
import { TopBar } from "@/components/shell/top-bar";
import { THEME_SCRIPT } from "@/components/theme/theme-script";

export const metadata: Metadata = {
  title: { default: "Eventscope", template: "%s · Eventscope" },
  description: "Observability and event catalog for event-driven systems",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#15181e" },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The inline script adds class="dark" before React hydrates: the DOM may differ from the render.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="bg-bg font-sans text-fg">
        <a
          href="#main"
          className="sr-only rounded-md bg-accent px-3 py-2 text-sm font-medium text-accent-fg focus:not-sr-only focus:fixed focus:left-3 focus:top-2 focus:z-50"
        >
          Skip to content
        </a>
        <Providers>
          <div className="flex min-h-dvh">
            <Sidebar />
            <div className="flex min-w-0 flex-1 flex-col">
              <TopBar />
              <main id="main" className="flex-1 p-3 md:p-5">
                {children}
              </main>
            </div>
          </div>
        </Providers>
      </body>
    </html>
  );
}
