// A JSON Schema as a tree (the WAI-ARIA tree pattern): one row per place of the payload with its
// type, required / nullable, format, enum and constraints. Keyboard: Up/Down move, Right opens or
// goes to the first child, Left closes or goes to the parent, Home/End, Enter or Space toggle.
// Give it a `key` per schema: expansion state belongs to one schema.
"use client";

import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { ChevronRight } from "lucide-react";
import clsx from "clsx";
import {
  allExpandable,
  initiallyExpanded,
  schemaTree,
  typeWords,
  visibleNodes,
  type SchemaNode,
} from "@/components/catalog/schema-tree-model";
import { Button } from "@/components/ui/button";

export function SchemaTree({ schema, label }: { schema: unknown; label: string }) {
  const root = useMemo(() => schemaTree(schema), [schema]);
  const [expanded, setExpanded] = useState(() => initiallyExpanded(root, 1));
  const [focusId, setFocusId] = useState(root.id);
  const listRef = useRef<HTMLUListElement>(null);
  const visible = visibleNodes(root, expanded);
  const index = Math.max(
    0,
    visible.findIndex((v) => v.node.id === focusId),
  );

  // Move the browser's focus along with the roving tabindex, but only while the tree has it.
  useEffect(() => {
    const list = listRef.current;
    if (!list?.contains(document.activeElement)) return;
    list.querySelector<HTMLElement>(`[data-node="${CSS.escape(focusId)}"]`)?.focus();
  }, [focusId]);

  const toggle = (id: string, open?: boolean) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (open ?? !next.has(id)) next.add(id);
      else next.delete(id);
      return next;
    });

  const onKeyDown = (e: KeyboardEvent) => {
    const current = visible[index];
    if (!current) return;
    const { node, parentId } = current;
    const open = expanded.has(node.id);
    const go = (i: number) => setFocusId(visible[Math.min(visible.length - 1, Math.max(0, i))]!.node.id);
    const handled: Record<string, () => void> = {
      ArrowDown: () => go(index + 1),
      ArrowUp: () => go(index - 1),
      Home: () => go(0),
      End: () => go(visible.length - 1),
      ArrowRight: () => {
        if (node.children.length === 0) return;
        if (!open) toggle(node.id, true);
        else setFocusId(node.children[0]!.id);
      },
      ArrowLeft: () => {
        if (open) toggle(node.id, false);
        else if (parentId !== null) setFocusId(parentId);
      },
      Enter: () => node.children.length > 0 && toggle(node.id),
      " ": () => node.children.length > 0 && toggle(node.id),
    };
    const action = handled[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  };

  return (
    <div className="flex flex-col gap-2">
      <div className="flex gap-2">
        <Button size="sm" variant="ghost" onClick={() => setExpanded(allExpandable(root))}>
          Expand all
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setExpanded(new Set([root.id]))}>
          Collapse all
        </Button>
      </div>
      <ul
        ref={listRef}
        role="tree"
        aria-label={label}
        onKeyDown={onKeyDown}
        className="flex flex-col font-mono text-xs"
      >
        {visible.map(({ node, level }, i) => (
          <TreeRow
            key={node.id}
            node={node}
            level={level}
            expanded={expanded.has(node.id)}
            focused={i === index}
            onClick={() => {
              setFocusId(node.id);
              if (node.children.length > 0) toggle(node.id);
            }}
          />
        ))}
      </ul>
    </div>
  );
}

type RowProps = { node: SchemaNode; level: number; expanded: boolean; focused: boolean; onClick: () => void };

function TreeRow({ node, level, expanded, focused, onClick }: RowProps) {
  const branch = node.children.length > 0;
  return (
    <li
      role="treeitem"
      aria-level={level}
      aria-expanded={branch ? expanded : undefined}
      tabIndex={focused ? 0 : -1}
      data-node={node.id}
      onClick={onClick}
      className={clsx(
        "flex min-h-7 cursor-default items-start gap-1.5 rounded px-1 py-1 outline-offset-[-2px] hover:bg-surface-2",
        focused && "bg-surface-2/60",
      )}
      style={{ paddingLeft: (level - 1) * 18 + 4 }}
    >
      <ChevronRight
        aria-hidden
        className={clsx(
          "mt-0.5 size-3.5 shrink-0 text-fg-subtle transition-transform",
          !branch && "invisible",
          expanded && "rotate-90",
        )}
      />
      <span className="flex min-w-0 flex-1 flex-wrap items-baseline gap-x-2 gap-y-0.5">
        <span
          className={clsx("font-semibold", node.kind === "property" ? "text-fg" : "text-fg-muted italic")}
        >
          {node.label}
        </span>
        <span className="text-accent">{typeWords(node)}</span>
        {node.format && <Tag>{`format ${node.format}`}</Tag>}
        {node.kind === "property" &&
          (node.required ? <Tag tone="strong">required</Tag> : <Tag>optional</Tag>)}
        {node.nullable && <Tag>nullable</Tag>}
        {node.enumValues && node.enumValues.length > 0 && (
          <span className="text-fg-muted" title={node.enumValues.map((v) => JSON.stringify(v)).join(", ")}>
            one of{" "}
            {node.enumValues
              .slice(0, 6)
              .map((v) => JSON.stringify(v))
              .join(", ")}
            {node.enumValues.length > 6 && ` +${node.enumValues.length - 6}`}
          </span>
        )}
        {node.constraints.map((c) => (
          <Tag key={c}>{c}</Tag>
        ))}
        {node.ref && <span className="text-fg-muted">→ {node.ref}</span>}
        {node.description && (
          <span className="basis-full font-sans text-xs text-fg-subtle">{node.description}</span>
        )}
      </span>
    </li>
  );
}

function Tag({ children, tone }: { children: string; tone?: "strong" }) {
  return (
    <span
      className={clsx(
        "rounded px-1 font-sans text-[11px] leading-4",
        tone === "strong" ? "bg-accent-soft text-accent" : "bg-surface-2 text-fg-muted",
      )}
    >
      {children}
    </span>
  );
}
