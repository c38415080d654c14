// Client-side theme state: the user's choice (light, dark or system) in localStorage, applied as
// the `dark` class on <html>, observable with useSyncExternalStore.
import { THEME_STORAGE_KEY, type ThemeChoice } from "@/components/theme/theme-script";

const listeners = new Set<() => void>();
let current: ThemeChoice | undefined;

function parse(value: string | null): ThemeChoice {
  return value === "light" || value === "dark" ? value : "system";
}

export function getThemeChoice(): ThemeChoice {
  if (current) return current;
  try {
    current = parse(window.localStorage.getItem(THEME_STORAGE_KEY));
  } catch {
    current = "system"; // storage disabled (privacy mode): the choice lives for this page only
  }
  return current;
}

export function systemPrefersDark(): boolean {
  return window.matchMedia("(prefers-color-scheme: dark)").matches;
}

export function applyTheme(choice: ThemeChoice): void {
  const dark = choice === "dark" || (choice === "system" && systemPrefersDark());
  document.documentElement.classList.toggle("dark", dark);
}

export function setThemeChoice(choice: ThemeChoice): void {
  current = choice;
  try {
    window.localStorage.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // Storage disabled: still switch the page, the choice just does not survive a reload.
  }
  applyTheme(choice);
  for (const l of listeners) l();
}

/** Another tab changed the theme: follow it. */
export function reloadThemeChoiceFromStorage(): void {
  current = undefined;
  applyTheme(getThemeChoice());
  for (const l of listeners) l();
}

export function subscribeThemeChoice(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
