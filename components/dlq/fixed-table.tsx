// The DLQ tables' frame: fixed column widths (refetches never shift the layout), the columns past
// `narrow` hidden on small screens, dimmed while a refetch is pending. The `flex` column (the long
// text) takes the width the others leave, at least its own: so the table fits a 1 440 px screen
// beside the sidebar instead of scrolling sideways, and only scrolls below the sum of the widths.
import type { CSSProperties, ReactNode } from "react";
import clsx from "clsx";

export const WIDE_ONLY = "hidden md:table-cell";

type Props = {
  label: string;
  widths: readonly number[];
  narrow: number;
  /** The index of the column that takes the remaining width (its width is its minimum). */
  flex: number;
  stale: boolean;
  children: ReactNode;
};

export function FixedTable({ label, widths, narrow, flex, stale, children }: Props) {
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
            <col
              key={i}
              className={i < narrow ? undefined : "hidden md:table-column"}
              style={i === flex ? undefined : { width: w }}
            />
          ))}
        </colgroup>
        {children}
      </table>
    </div>
  );
}
