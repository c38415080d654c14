// The theme's storage key and the inline script that sets <html class="dark"> before first paint.
export const THEME_STORAGE_KEY = "eventscope-theme";

export const THEME_CHOICES = ["light", "dark", "system"] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];

/**
 * Runs synchronously in <head>, before the body is parsed, so a dark-mode user never sees a light
 * frame. Kept tiny and dependency-free; it must agree with applyTheme() in theme-store.ts.
 */
export const THEME_SCRIPT = `(function(){try{var t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});var d=t==="dark"||(t!=="light"&&window.matchMedia("(prefers-color-scheme: dark)").matches);document.documentElement.classList.toggle("dark",d)}catch(e){}})()`;
