// Up and Down move the focus between a list's rows (by default a table's row links,
// `a[data-row-link]`): a keyboard user walks a list without tabbing through every checkbox and
// cell. Put it on the <tbody>'s (or list's) onKeyDown.
import type { KeyboardEvent } from "react";

export function moveRowFocus(e: KeyboardEvent<HTMLElement>, rows = "a[data-row-link]"): void {
  if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
  const items = [...e.currentTarget.querySelectorAll<HTMLElement>(rows)];
  const i = items.indexOf(document.activeElement as HTMLElement);
  if (i < 0) return;
  const next = items[e.key === "ArrowDown" ? i + 1 : i - 1];
  if (next) {
    e.preventDefault();
    next.focus();
  }
}
