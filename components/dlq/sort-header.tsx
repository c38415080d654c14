// A column header that sorts the list: a button with aria-sort on its cell; a second click flips
// the order. Used by the DLQ list for its three server-side sorts.
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import clsx from "clsx";

type Props<S extends string> = {
  label: string;
  sortKey: S;
  sort: S;
  order: "asc" | "desc";
  onSort: (sort: S, order: "asc" | "desc") => void;
  className?: string;
};

export function SortHeader<S extends string>({ label, sortKey, sort, order, onSort, className }: Props<S>) {
  const active = sort === sortKey;
  const Icon = !active ? ArrowUpDown : order === "desc" ? ArrowDown : ArrowUp;
  return (
    <th
      scope="col"
      aria-sort={active ? (order === "desc" ? "descending" : "ascending") : undefined}
      className={clsx("px-3 font-medium", className)}
    >
      <button
        type="button"
        onClick={() => onSort(sortKey, active && order === "desc" ? "asc" : "desc")}
        className={clsx(
          "inline-flex items-center gap-1 rounded hover:text-fg focus-visible:outline-2 focus-visible:outline-accent",
          active && "text-fg",
        )}
      >
        {label}
        <Icon className="size-3" aria-hidden />
      </button>
    </th>
  );
}
