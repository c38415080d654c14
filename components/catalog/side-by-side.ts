// Two schema versions side by side: both pretty-printed from their canonical form (keys sorted at
// every level, as the fingerprint sees them, so key order never shows as a change), compared line
// by line with the `diff` package, and aligned into rows — a removed run facing the added run that
// replaced it, pairs on one row, the longer side's rest against a blank.
import { diffLines } from "diff";

export type DiffCell = { n: number; text: string };
export type DiffRow =
  | { kind: "same" | "changed"; left: DiffCell; right: DiffCell }
  | { kind: "removed"; left: DiffCell; right: null }
  | { kind: "added"; left: null; right: DiffCell };
export type DiffItem = DiffRow | { kind: "fold"; rows: DiffRow[] };

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== "object") return v;
  const o = v as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, sortKeys(o[k])]),
  );
}

/** The canonical JSON of a schema, indented by two spaces. */
export function prettyCanonical(v: unknown): string {
  return JSON.stringify(sortKeys(v), null, 2) ?? "null";
}

function lines(value: string): string[] {
  const out = value.split("\n");
  if (out.at(-1) === "") out.pop(); // the chunk's final newline ends its last line
  return out;
}

export function sideBySide(a: string, b: string): DiffRow[] {
  const rows: DiffRow[] = [];
  let l = 0;
  let r = 0;
  let removed: string[] = [];
  const flushRemoved = (added: string[]) => {
    const pairs = Math.min(removed.length, added.length);
    for (let i = 0; i < pairs; i++)
      rows.push({ kind: "changed", left: { n: ++l, text: removed[i]! }, right: { n: ++r, text: added[i]! } });
    for (const text of removed.slice(pairs))
      rows.push({ kind: "removed", left: { n: ++l, text }, right: null });
    for (const text of added.slice(pairs)) rows.push({ kind: "added", left: null, right: { n: ++r, text } });
    removed = [];
  };
  for (const chunk of diffLines(a, b)) {
    if (chunk.removed) {
      flushRemoved([]); // two removed chunks in a row: the first has no counterpart
      removed = lines(chunk.value);
    } else if (chunk.added) {
      flushRemoved(lines(chunk.value));
    } else {
      flushRemoved([]);
      for (const text of lines(chunk.value))
        rows.push({ kind: "same", left: { n: ++l, text }, right: { n: ++r, text } });
    }
  }
  flushRemoved([]);
  return rows;
}

/** Folds runs of unchanged rows longer than twice `context`, keeping `context` rows around each change. */
export function foldUnchanged(rows: DiffRow[], context = 3): DiffItem[] {
  const out: DiffItem[] = [];
  let i = 0;
  while (i < rows.length) {
    if (rows[i]!.kind !== "same") {
      out.push(rows[i]!);
      i++;
      continue;
    }
    let j = i;
    while (j < rows.length && rows[j]!.kind === "same") j++;
    const run = rows.slice(i, j);
    const keepHead = i === 0 ? 0 : context; // context after the previous change
    const keepTail = j === rows.length ? 0 : context; // context before the next change
    if (run.length > keepHead + keepTail + 1) {
      out.push(...run.slice(0, keepHead));
      out.push({ kind: "fold", rows: run.slice(keepHead, run.length - keepTail) });
      out.push(...run.slice(run.length - keepTail));
    } else out.push(...run);
    i = j;
  }
  return out;
}
