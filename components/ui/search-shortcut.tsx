// One keyboard shortcut for the whole app, as in GitHub and Grafana: `/` focuses the page's search
// box — the field marked aria-keyshortcuts="/" (which also tells screen readers of the shortcut),
// wherever the page put it. Ignored while typing in a field or with a dialog open.
"use client";

import { useEffect } from "react";

export const SEARCH_SHORTCUT = "/";

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));
}

/** The first visible field the page marked as its search (a narrow layout may hide one). */
function searchField(): HTMLElement | null {
  const fields = document.querySelectorAll<HTMLElement>(`[aria-keyshortcuts="${SEARCH_SHORTCUT}"]`);
  return [...fields].find((f) => f.getClientRects().length > 0 && !f.closest("[inert]")) ?? null;
}

export function SearchShortcut() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== SEARCH_SHORTCUT || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (document.querySelector("dialog[open]")) return;
      const field = searchField();
      if (!field) return;
      e.preventDefault();
      field.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
  return null;
}

/** The shortcut's hint inside a search box (its parent positioned): the box needs right padding. */
export function SearchShortcutHint() {
  return (
    <kbd
      aria-hidden
      className="pointer-events-none absolute right-2 rounded border border-line px-1 font-mono text-[10px] text-fg-subtle"
    >
      {SEARCH_SHORTCUT}
    </kbd>
  );
}
