// A collector's error count; when it reported one, its last error opens in place (a disclosure,
// reachable by keyboard) instead of hiding in a tooltip.
import clsx from "clsx";
import { LocalTime } from "@/components/ui/local-time";
import { formatCount } from "@/lib/overview/format";

export function CollectorErrors({
  errors,
  lastError,
}: {
  errors: number | null;
  lastError: { at: string; message: string } | null;
}) {
  if (errors === null) return <span className="text-fg-subtle">—</span>;
  const count = `${formatCount(errors)} ${errors === 1 ? "error" : "errors"}`;
  if (!lastError)
    return (
      <span className={clsx("whitespace-nowrap", errors > 0 ? "text-warn" : "text-fg-muted")}>{count}</span>
    );
  return (
    <details className="group">
      <summary className="cursor-pointer text-warn whitespace-nowrap" title="Show the last error">
        {count}
      </summary>
      <div className="mt-1 rounded bg-surface-2 p-2 text-xs whitespace-normal text-fg">
        <p className="font-mono break-words [overflow-wrap:anywhere]">{lastError.message}</p>
        <p className="mt-1 text-fg-subtle">
          Last at <LocalTime iso={lastError.at} format="full" />
        </p>
      </div>
    </details>
  );
}
