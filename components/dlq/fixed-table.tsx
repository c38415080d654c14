// The DLQ tables' frame: fixed column widths (refetches never shift the layout), the columns past
// `narrow` hidden on small screens and those from `widest` on only from 1 440 px, dimmed while a
// refetch is pending. The `flex` column (the long text) takes the width the others leave, at least
// its own: so the table fits its card beside the sidebar at 1 280 px (about 1 000 px of card) and
// at 1 440 px (about 1 170 px) instead of scrolling sideways, and only scrolls below the sum of the
// widths shown.
import type { CSSProperties, ReactNode } from "react";
import clsx from "clsx";

export const WIDE_ONLY = "hidden md:table-cell";
/** Cells of the columns from `widest` on: shown only on screens of 1 440 px and more. */
export const WIDEST_ONLY = "hidden min-[90rem]:table-cell";

type Props = {
  label: string;
  widths: readonly number[];
  narrow: number;
  /** The index of the column that takes the remaining width (its width is its minimum). */
  flex: number;
  /** The columns from this index on show only from 1 440 px (default: none hidden that way). */
  widest?: number;
  stale: boolean;
  children: ReactNode;
};

export function FixedTable({ label, widths, narrow, flex, widest = widths.length, stale, children }: Props) {
  const sum = (ws: readonly number[]) => ws.reduce((a, b) => a + b, 0);
  return (
    <div className="overflow-x-auto">
      <table
        aria-label={label}
        aria-busy={stale || undefined}
        className={clsx(
          "w-full table-fixed text-sm transition-opacity md:min-w-(--table-px) min-[90rem]:min-w-(--table-px-widest)",
          stale && "opacity-60",
        )}
        style={
          {
            "--table-px": `${sum(widths.slice(0, widest))}px`,
            "--table-px-widest": `${sum(widths)}px`,
          } as CSSProperties
        }
      >
        <colgroup>
          {widths.map((w, i) => (
            <col
              key={i}
              className={
                i < narrow
                  ? undefined
                  : i < widest
                    ? "hidden md:table-column"
                    : "hidden min-[90rem]:table-column"
              }
              style={i === flex ? undefined : { width: w }}
            />
          ))}
        </colgroup>
        {children}
      </table>
    </div>
  );
}
