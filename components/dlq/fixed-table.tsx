// The DLQ tables' frame: fixed column widths (refetches never shift the layout), the columns past
// `narrow` hidden on small screens, dimmed while a refetch is pending.
import type { CSSProperties, ReactNode } from "react";
import clsx from "clsx";

export const WIDE_ONLY = "hidden md:table-cell";

type Props = {
  label: string;
  widths: readonly number[];
  narrow: number;
  stale: boolean;
  children: ReactNode;
};

export function FixedTable({ label, widths, narrow, stale, children }: Props) {
  const px = widths.reduce((a, b) => a + b, 0);
  return (
    <div className="overflow-x-auto">
      <table
        aria-label={label}
        aria-busy={stale || undefined}
        className={clsx(
          "w-full table-fixed text-sm transition-opacity md:min-w-(--table-px)",
          stale && "opacity-60",
        )}
        style={{ "--table-px": `${px}px` } as CSSProperties}
      >
        <colgroup>
          {widths.map((w, i) => (
            <col key={i} className={i < narrow ? undefined : "hidden md:table-column"} style={{ width: w }} />
          ))}
        </colgroup>
        {children}
      </table>
    </div>
  );
}
