// The chosen theme as React state (null while server rendering, which cannot know it).
"use client";

import { useSyncExternalStore } from "react";
import type { ThemeChoice } from "@/components/theme/theme-script";
import { getThemeChoice, subscribeThemeChoice } from "@/components/theme/theme-store";

const serverSnapshot = () => null;

export function useThemeChoice(): ThemeChoice | undefined {
  return useSyncExternalStore(subscribeThemeChoice, getThemeChoice, serverSnapshot) ?? undefined;
}
