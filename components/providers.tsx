// Client-side providers for the whole app: TanStack Query (one client per tab), the theme and toasts.
"use client";

import { useState, type ReactNode } from "react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { z } from "zod";
import { ThemeProvider } from "@/components/theme/theme-provider";
import { Toaster } from "@/components/ui/toaster";

// Browser code that parses with zod (URL params, forms) must not let zod probe `new Function` for
// its fast path: the strict CSP reports the probe as a violation even though zod catches it.
z.config({ jitless: true });

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Pages render first on the server; the client only refetches when data is this old.
      queries: { staleTime: 10_000, retry: 2 },
    },
  });
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <ThemeProvider>
        {children}
        <Toaster />
      </ThemeProvider>
    </QueryClientProvider>
  );
}
