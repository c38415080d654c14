// Phone navigation: a menu button that opens the sections in a modal drawer (native <dialog>:
// focus is trapped, Escape closes it, the page behind is inert).
"use client";

import { useRef } from "react";
import { Menu, X } from "lucide-react";
import { Brand } from "@/components/shell/brand";
import { NavList } from "@/components/shell/nav-list";

export function MobileNav() {
  const dialog = useRef<HTMLDialogElement>(null);
  const close = () => dialog.current?.close();
  return (
    <>
      <button
        type="button"
        aria-label="Open navigation"
        onClick={() => dialog.current?.showModal()}
        className="grid size-8 place-items-center rounded-md text-fg-muted hover:bg-surface-2 hover:text-fg md:hidden"
      >
        <Menu className="size-5" aria-hidden />
      </button>
      <dialog
        ref={dialog}
        aria-label="Navigation"
        onClick={(e) => {
          if (e.target === e.currentTarget) close(); // a click on the backdrop
        }}
        className="m-0 h-dvh max-h-none w-64 max-w-[80vw] border-r border-line bg-surface p-0 text-fg backdrop:bg-black/40 md:hidden"
      >
        <div className="flex items-center justify-between pr-2">
          <Brand />
          <button
            type="button"
            aria-label="Close navigation"
            onClick={close}
            className="grid size-8 place-items-center rounded-md text-fg-muted hover:bg-surface-2 hover:text-fg"
          >
            <X className="size-5" aria-hidden />
          </button>
        </div>
        <nav aria-label="Main" className="px-2 py-2">
          <NavList variant="full" onNavigate={close} />
        </nav>
      </dialog>
    </>
  );
}
