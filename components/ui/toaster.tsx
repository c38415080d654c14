// Toasts for the outcome of actions (sonner): mutation errors always land here, in the server's words.
"use client";

import { Toaster as Sonner, toast } from "sonner";
import { useThemeChoice } from "@/components/theme/use-theme-choice";

export function Toaster() {
  const theme = useThemeChoice();
  return (
    <Sonner theme={theme} position="bottom-right" closeButton richColors toastOptions={{ duration: 6000 }} />
  );
}

export function toastError(err: unknown, what?: string): void {
  const message = err instanceof Error ? err.message : String(err);
  toast.error(what ?? "That did not work", { description: message });
}

export { toast };
