// The ladder every panel climbs for its query: the load error with a retry when it failed with
// nothing to show, the skeleton until the first answer, the empty state when the answer holds
// nothing, else the content. A refetch that fails after data arrived keeps the data on screen.
import type { ReactNode } from "react";
import { LoadError } from "@/components/ui/load-error";
import { Skeleton } from "@/components/ui/skeleton";

type Query = { data: unknown; isError: boolean; error: Error | null; refetch: () => unknown };

export function QueryStates({
  query,
  failed,
  loading,
  ready = true,
  empty,
  children,
}: {
  query: Query;
  /** The error panel's title: what could not be loaded. */
  failed: string;
  loading: ReactNode;
  /** False keeps the skeleton up after the data arrived (a clock the content needs, say). */
  ready?: boolean;
  /** The empty state when there is nothing to show, else false / null. */
  empty?: ReactNode;
  children: ReactNode;
}) {
  if (query.isError && !query.data && query.error)
    return <LoadError title={failed} error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data || !ready) return loading;
  if (empty) return empty;
  return children;
}

/** Full-width placeholder bars for a list that is loading, each `className` high. */
export function SkeletonStack({
  label,
  rows,
  className,
  padded = true,
}: {
  /** Names the busy region; leave it out inside a skeleton that is labelled already. */
  label?: string;
  rows: number;
  className: string;
  /** The card body's padding around the bars (off inside a layout that pads them already). */
  padded?: boolean;
}) {
  return (
    <div
      aria-busy={label ? true : undefined}
      aria-label={label}
      className={`flex flex-col gap-3${padded ? " p-4" : ""}`}
    >
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} className={`${className} w-full`} />
      ))}
    </div>
  );
}
