// The product mark and name at the top of the sidebar and drawer.
import Link from "next/link";
import { Radar } from "lucide-react";
import clsx from "clsx";

export function Brand({ compact = false }: { compact?: boolean }) {
  return (
    <Link
      href="/"
      className={clsx(
        "flex h-12 items-center gap-2 px-3 font-semibold tracking-tight text-fg",
        compact && "justify-center lg:justify-start",
      )}
    >
      <span className="grid size-7 shrink-0 place-items-center rounded-md bg-accent text-accent-fg">
        <Radar className="size-4" aria-hidden />
      </span>
      <span className={clsx(compact && "sr-only lg:not-sr-only")}>Eventscope</span>
    </Link>
  );
}
