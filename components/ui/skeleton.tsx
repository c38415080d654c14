// A grey placeholder block; give it the size of what it stands for so nothing jumps on load.
import clsx from "clsx";

export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden className={clsx("animate-soft-pulse rounded bg-surface-2", className)} />;
}
