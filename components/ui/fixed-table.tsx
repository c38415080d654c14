// The frame of the app's fixed-layout tables (alert rules, event types, traces, dead letters,
// failure groups): fixed column widths, so refetches never shift the layout; the first `narrow`
// columns on every screen, the rest from the `breakpoint` up and those from `widest` on only from
// 1 440 px; dimmed while a refetch is pending. A `flex` column (the long text) takes the width the
// others leave, at least its own, so a table fits its card beside the sidebar at 1 280 px (about
// 1 000 px of card) and at 1 440 px (about 1 170 px) and only scrolls below the sum of the widths
// shown. Rows open with a link whose ::after covers the row (a RowLink in a FixedRow).
import type { ComponentProps, CSSProperties, ReactNode } from "react";
import Link from "next/link";
import clsx from "clsx";
import { moveRowFocus } from "@/components/ui/move-row-focus";

/** Where the columns past `narrow` appear: Tailwind's sm (640 px) or md (768 px). */
export type Breakpoint = "sm" | "md";

// Whole class names, so Tailwind sees them in the source.
const FROM: Record<Breakpoint, { cell: string; column: string; minWidth: string }> = {
  sm: { cell: "hidden sm:table-cell", column: "hidden sm:table-column", minWidth: "sm:min-w-(--table-px)" },
  md: { cell: "hidden md:table-cell", column: "hidden md:table-column", minWidth: "md:min-w-(--table-px)" },
};

/** Cells (th and td) of the columns past `narrow`: shown from the breakpoint up. */
export function wideOnly(breakpoint: Breakpoint): string {
  return FROM[breakpoint].cell;
}

/** Cells of the columns from `widest` on: shown only on screens of 1 440 px and more. */
export const WIDEST_ONLY = "hidden min-[90rem]:table-cell";

type Props = {
  label: string;
  widths: readonly number[];
  /** How many leading columns show on every screen. */
  narrow: number;
  breakpoint: Breakpoint;
  /** The index of the column that takes the remaining width (its width is its minimum). */
  flex?: number;
  /** The columns from this index on show only from 1 440 px (default: none hidden that way). */
  widest?: number;
  stale: boolean;
  children: ReactNode;
};

export function FixedTable({
  label,
  widths,
  narrow,
  breakpoint,
  flex,
  widest = widths.length,
  stale,
  children,
}: Props) {
  const sum = (ws: readonly number[]) => ws.reduce((a, b) => a + b, 0);
  const from = FROM[breakpoint];
  return (
    <div className="relative overflow-x-auto">
      <table
        aria-label={label}
        aria-busy={stale || undefined}
        className={clsx(
          "w-full table-fixed text-sm transition-opacity min-[90rem]:min-w-(--table-px-widest)",
          from.minWidth,
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
                i < narrow ? undefined : i < widest ? from.column : "hidden min-[90rem]:table-column"
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

/** The header: one row of column headings (th), small and quiet. */
export function FixedHead({ children }: { children: ReactNode }) {
  return (
    <thead className="text-left text-xs text-fg-subtle">
      <tr className="h-8">{children}</tr>
    </thead>
  );
}

/** The body: Up and Down move the focus between the rows' links. */
export function FixedBody({ children }: { children: ReactNode }) {
  return <tbody onKeyDown={moveRowFocus}>{children}</tbody>;
}

/** A body row: the positioning context of its RowLink's overlay. */
export function FixedRow({ className, ...props }: ComponentProps<"tr">) {
  return (
    <tr
      className={clsx("relative h-14 border-t border-line align-middle hover:bg-surface-2", className)}
      {...props}
    />
  );
}

/**
 * The row's link: its ::after covers the whole row, so any click on the row opens it. Controls in
 * the row that must stay clickable sit above it (`relative z-10`).
 */
export function RowLink({ className, ...props }: ComponentProps<typeof Link>) {
  return (
    <Link
      data-row-link
      className={clsx(
        "block truncate font-medium text-fg after:absolute after:inset-0 hover:text-accent focus-visible:after:outline-2 focus-visible:after:outline-accent",
        className,
      )}
      {...props}
    />
  );
}
