// Light / dark / system switch in the top bar (a radio group, so arrow keys and screen readers work).
"use client";

import { useSyncExternalStore, type KeyboardEvent } from "react";
import { Monitor, Moon, Sun, type LucideIcon } from "lucide-react";
import clsx from "clsx";
import { THEME_CHOICES, type ThemeChoice } from "@/components/theme/theme-script";
import { getThemeChoice, setThemeChoice, subscribeThemeChoice } from "@/components/theme/theme-store";

const OPTIONS: Record<ThemeChoice, { label: string; icon: LucideIcon }> = {
  light: { label: "Light theme", icon: Sun },
  dark: { label: "Dark theme", icon: Moon },
  system: { label: "System theme", icon: Monitor },
};

// The server cannot know the stored choice: it renders no selection, the client fills it in.
const serverSnapshot = () => null;

export function ThemeToggle() {
  const choice = useSyncExternalStore(subscribeThemeChoice, getThemeChoice, serverSnapshot);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
    e.preventDefault();
    const i = THEME_CHOICES.indexOf(choice ?? "system");
    const next =
      THEME_CHOICES[(i + (e.key === "ArrowRight" ? 1 : THEME_CHOICES.length - 1)) % THEME_CHOICES.length];
    if (next) {
      setThemeChoice(next);
      e.currentTarget.querySelector<HTMLButtonElement>(`[data-choice="${next}"]`)?.focus();
    }
  };

  return (
    <div
      role="radiogroup"
      aria-label="Colour theme"
      onKeyDown={onKeyDown}
      className="flex items-center gap-0.5 rounded-md border border-line bg-surface-2 p-0.5"
    >
      {THEME_CHOICES.map((c) => {
        const { label, icon: Icon } = OPTIONS[c];
        const checked = choice === c;
        return (
          <button
            key={c}
            type="button"
            role="radio"
            aria-checked={checked}
            aria-label={label}
            title={label}
            data-choice={c}
            tabIndex={checked || (choice === null && c === "system") ? 0 : -1}
            onClick={() => setThemeChoice(c)}
            className={clsx(
              "grid size-7 place-items-center rounded transition-colors",
              checked ? "bg-surface text-fg shadow-sm" : "text-fg-subtle hover:text-fg",
            )}
          >
            <Icon className="size-4" aria-hidden />
          </button>
        );
      })}
    </div>
  );
}
