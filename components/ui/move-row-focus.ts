// Up and Down move the focus between a table's row links (`a[data-row-link]`): a keyboard user
// walks a list without tabbing through every checkbox and cell. Put it on the <tbody>'s onKeyDown.
import type { KeyboardEvent } from "react";

export function moveRowFocus(e: KeyboardEvent<HTMLElement>): void {
  if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
  const links = [...e.currentTarget.querySelectorAll<HTMLAnchorElement>("a[data-row-link]")];
  const i = links.indexOf(document.activeElement as HTMLAnchorElement);
  if (i < 0) return;
  const next = links[e.key === "ArrowDown" ? i + 1 : i - 1];
  if (next) {
    e.preventDefault();
    next.focus();
  }
}
