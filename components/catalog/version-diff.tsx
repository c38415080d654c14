// Two versions side by side: choose From and To; lines removed from From in red on the left, lines
// added in To in green on the right, changed lines facing each other; long unchanged stretches fold.
"use client";

import { useMemo, useState } from "react";
import clsx from "clsx";
import {
  foldUnchanged,
  prettyCanonical,
  sideBySide,
  type DiffCell,
  type DiffRow,
} from "@/components/catalog/side-by-side";
import type { SchemaVersionView } from "@/lib/catalog/api-types";

type Props = {
  versions: SchemaVersionView[];
  from: number;
  to: number;
  onChange: (from: number, to: number) => void;
};

const SELECT = "h-8 rounded-md border border-line-strong bg-surface px-2 text-sm text-fg";

export function VersionDiff({ versions, from, to, onChange }: Props) {
  const a = versions.find((v) => v.version === from);
  const b = versions.find((v) => v.version === to);
  const rows = useMemo(
    () => (a && b ? sideBySide(prettyCanonical(a.definition), prettyCanonical(b.definition)) : []),
    [a, b],
  );
  const changes = rows.filter((r) => r.kind !== "same").length;
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end gap-3">
        {(["From", "To"] as const).map((which) => (
          <label key={which} className="flex flex-col gap-1 text-xs text-fg-subtle">
            {which}
            <select
              value={which === "From" ? from : to}
              onChange={(e) =>
                which === "From"
                  ? onChange(Number(e.target.value), to)
                  : onChange(from, Number(e.target.value))
              }
              className={SELECT}
            >
              {[...versions].reverse().map((v) => (
                <option key={v.version} value={v.version}>
                  v{v.version} · {v.source}
                </option>
              ))}
            </select>
          </label>
        ))}
        <p className="h-8 content-center text-xs text-fg-subtle" aria-live="polite">
          {from === to
            ? "The same version on both sides."
            : changes === 0
              ? "No difference."
              : `${changes} changed ${changes === 1 ? "line" : "lines"}`}
        </p>
      </div>
      {a && b && (
        <DiffTable
          key={`${from}-${to}`}
          rows={rows}
          label={`Differences between version ${from} and version ${to}`}
        />
      )}
    </div>
  );
}

function DiffTable({ rows, label }: { rows: DiffRow[]; label: string }) {
  const [unfolded, setUnfolded] = useState<ReadonlySet<number>>(new Set());
  const items = foldUnchanged(rows);
  return (
    // relative: the sr-only markers are positioned absolutely and would widen the page.
    <div className="relative overflow-x-auto rounded-md border border-line">
      <table
        aria-label={label}
        className="w-full min-w-[640px] table-fixed border-collapse font-mono text-xs leading-5"
      >
        <colgroup>
          <col className="w-10" />
          <col />
          <col className="w-10" />
          <col />
        </colgroup>
        <tbody>
          {items.flatMap((item, i) =>
            item.kind === "fold" && !unfolded.has(i)
              ? [
                  <tr key={i} className="bg-surface-2">
                    <td colSpan={4} className="px-3 py-0.5 text-center">
                      <button
                        type="button"
                        onClick={() => setUnfolded((s) => new Set(s).add(i))}
                        className="font-sans text-xs text-fg-muted hover:text-accent"
                      >
                        ⋯ show {item.rows.length} unchanged lines
                      </button>
                    </td>
                  </tr>,
                ]
              : (item.kind === "fold" ? item.rows : [item]).map((row, j) => (
                  <Line key={`${i}-${j}`} row={row} />
                )),
          )}
        </tbody>
      </table>
    </div>
  );
}

function Line({ row }: { row: DiffRow }) {
  const leftTone = row.kind === "removed" || row.kind === "changed" ? "removed" : null;
  const rightTone = row.kind === "added" || row.kind === "changed" ? "added" : null;
  return (
    <tr data-kind={row.kind}>
      <Side cell={row.left} tone={leftTone} />
      <Side cell={row.right} tone={rightTone} border />
    </tr>
  );
}

function Side({
  cell,
  tone,
  border,
}: {
  cell: DiffCell | null;
  tone: "removed" | "added" | null;
  border?: boolean;
}) {
  const bg =
    tone === "removed" ? "bg-danger/10" : tone === "added" ? "bg-ok/10" : cell ? "" : "bg-surface-2/70";
  return (
    <>
      <td
        className={clsx(
          "px-2 text-right align-top text-fg-subtle select-none",
          bg,
          border && "border-l border-line",
        )}
      >
        {cell?.n}
      </td>
      <td className={clsx("overflow-hidden px-2 align-top whitespace-pre-wrap break-all text-fg", bg)}>
        {tone && (
          <span className={clsx("select-none", tone === "removed" ? "text-danger" : "text-ok")}>
            <span aria-hidden>{tone === "removed" ? "−" : "+"}</span>
            <span className="sr-only">{tone}: </span>
          </span>
        )}
        {cell?.text}
      </td>
    </>
  );
}
