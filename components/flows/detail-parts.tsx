// Small building blocks of the flow details panel: a figure grid and a row of links.
import type { ReactNode } from "react";
import Link from "next/link";
import { ArrowUpRight } from "lucide-react";

export type Figure = { label: string; value: string; tone?: "danger" | "warn" };

export function Figures({ items }: { items: Figure[] }) {
  return (
    <dl className="grid grid-cols-3 gap-x-3 gap-y-2">
      {items.map((f) => (
        <div key={f.label} className="min-w-0">
          <dt className="truncate text-xs text-fg-subtle">{f.label}</dt>
          <dd
            className={`truncate text-sm font-semibold tabular-nums ${f.tone === "danger" ? "text-danger" : f.tone === "warn" ? "text-warn" : "text-fg"}`}
          >
            {f.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="flex flex-col gap-2">
      <h3 className="text-xs font-semibold tracking-wide text-fg-subtle uppercase">{title}</h3>
      {children}
    </section>
  );
}

export function LinkRow({ links }: { links: { href: string; label: string }[] }) {
  return (
    <ul className="flex flex-wrap gap-x-3 gap-y-1 text-sm">
      {links.map((l) => (
        <li key={l.href}>
          <Link
            href={l.href}
            className="inline-flex items-center gap-0.5 font-medium text-accent underline-offset-2 hover:underline"
          >
            {l.label}
            <ArrowUpRight className="size-3.5" aria-hidden />
          </Link>
        </li>
      ))}
    </ul>
  );
}
