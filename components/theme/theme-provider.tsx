// Keeps the applied theme in step with the OS setting (when "system" is chosen) and other tabs.
"use client";

import { useEffect, type ReactNode } from "react";
import { THEME_STORAGE_KEY } from "@/components/theme/theme-script";
import { applyTheme, getThemeChoice, reloadThemeChoiceFromStorage } from "@/components/theme/theme-store";

export function ThemeProvider({ children }: { children: ReactNode }) {
  useEffect(() => {
    const media = window.matchMedia("(prefers-color-scheme: dark)");
    const onSystemChange = () => {
      if (getThemeChoice() === "system") applyTheme("system");
    };
    const onStorage = (e: StorageEvent) => {
      if (e.key === THEME_STORAGE_KEY) reloadThemeChoiceFromStorage();
    };
    media.addEventListener("change", onSystemChange);
    window.addEventListener("storage", onStorage);
    return () => {
      media.removeEventListener("change", onSystemChange);
      window.removeEventListener("storage", onStorage);
    };
  }, []);
  return children;
}
