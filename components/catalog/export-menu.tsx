// Export: the catalog (or one type) as AsyncAPI 3.0 in YAML or JSON, or as JSON Schema — plain
// download links (same-origin cookies ride along), in a small menu that closes on Escape, on a
// click elsewhere and once a format is chosen.
"use client";

import { useEffect, useId, useRef, useState } from "react";
import { ChevronDown, Download } from "lucide-react";
import { exportLinks } from "@/components/catalog/catalog-api";
import { Button } from "@/components/ui/button";

export function ExportMenu({ type, size = "sm" }: { type?: string; size?: "sm" | "md" }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const menuId = useId();
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      ref.current?.querySelector<HTMLButtonElement>("button")?.focus();
    };
    document.addEventListener("pointerdown", onDown);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onDown);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);
  return (
    <div ref={ref} className="relative">
      <Button
        size={size}
        icon={<Download className="size-3.5" aria-hidden />}
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((o) => !o)}
      >
        {type === undefined ? "Export" : "Export type"}
        <ChevronDown className="size-3.5" aria-hidden />
      </Button>
      {open && (
        <ul
          id={menuId}
          aria-label={type === undefined ? "Export the catalog as" : `Export ${type} as`}
          className="absolute right-0 top-full z-30 mt-1 w-64 rounded-md border border-line bg-surface py-1 shadow-lg"
        >
          {exportLinks(type).map((l) => (
            <li key={l.label}>
              <a
                href={l.href}
                download
                onClick={() => setOpen(false)}
                className="flex items-baseline justify-between gap-3 px-3 py-2 text-sm whitespace-nowrap text-fg hover:bg-surface-2"
              >
                {l.label}
                <span className="text-xs text-fg-subtle">{l.hint}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
