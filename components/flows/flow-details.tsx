// The side drawer with the selection's details (a node or an edge). Escape or Close closes it;
// focus moves to its heading when the selection changes, so keyboard users land in it.
"use client";

import { useEffect, useRef } from "react";
import { X } from "lucide-react";
import { EdgeDetails } from "@/components/flows/edge-details";
import { NodeDetails } from "@/components/flows/node-details";
import type { FilterKey } from "@/components/flows/flows-api";
import type { FlowGraph, FlowWindow } from "@/lib/flows/api-types";

type Props = {
  selected: string;
  graph: FlowGraph;
  window: FlowWindow;
  onSelect: (id: string) => void;
  onFilter: (key: FilterKey, value: string) => void;
};

export function isNodeId(id: string): boolean {
  return /^(svc|ch|dlq):/.test(id);
}

export function FlowDetails({ selected, graph, window, onSelect, onFilter }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [selected]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && !document.querySelector("dialog[open]")) onSelect("");
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [onSelect]);

  const node = isNodeId(selected) ? graph.nodes.find((n) => n.id === selected) : undefined;
  const title = node ? node.name : "Edge details";
  return (
    <aside
      aria-labelledby="flow-details-title"
      className="flex max-h-[min(75dvh,760px)] min-h-0 w-full shrink-0 flex-col border-t border-line bg-surface lg:h-[min(68dvh,680px)] lg:min-h-[420px] lg:w-[380px] lg:border-t-0 lg:border-l"
    >
      <div className="flex h-11 shrink-0 items-center gap-2 border-b border-line px-4">
        <h2
          id="flow-details-title"
          ref={heading}
          tabIndex={-1}
          className="min-w-0 flex-1 truncate text-sm font-semibold text-fg focus:outline-none"
        >
          {title}
        </h2>
        <button
          type="button"
          aria-label="Close details"
          aria-keyshortcuts="Escape"
          onClick={() => onSelect("")}
          className="grid size-8 place-items-center rounded-md text-fg-muted hover:bg-surface-2 hover:text-fg"
        >
          <X className="size-4" aria-hidden />
        </button>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {node ? (
          <NodeDetails node={node} graph={graph} onSelect={onSelect} onFilter={onFilter} />
        ) : isNodeId(selected) ? (
          <p className="p-4 text-sm text-fg-subtle">
            This node has no traffic in the window or under the filters.
          </p>
        ) : (
          <EdgeDetails id={selected} window={window} />
        )}
      </div>
    </aside>
  );
}
