// Root layout: the theme is set before first paint (an inline script carrying the request's CSP
// nonce), then providers; the dashboard shell and the sign-in pages bring their own layouts.
import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import "@/app/globals.css";
import { Providers } from "@/components/providers";
import { THEME_SCRIPT } from "@/components/theme/theme-script";
import { cspNonce } from "@/lib/http/csp-nonce";

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

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request makes every page dynamic, which a per-request nonce requires anyway.
  const nonce = cspNonce(await headers());
  return (
    // The inline script adds class="dark" before React hydrates: the DOM may differ from the render.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="bg-bg font-sans text-fg">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
