// The node search in the graph's header: a name (suggestions from the graph) centres that node
// and selects it; a name not in the graph says so.
"use client";

import { useId, useState } from "react";
import { LocateFixed } from "lucide-react";
import clsx from "clsx";
import { SEARCH_SHORTCUT, SearchShortcutHint } from "@/components/ui/search-shortcut";
import { Button } from "@/components/ui/button";
import { CONTROL } from "@/components/flows/flow-toolbar";
import type { FlowNode } from "@/lib/flows/api-types";

export function findNode(nodes: readonly FlowNode[], text: string): FlowNode | undefined {
  const t = text.trim().toLowerCase();
  if (!t) return undefined;
  return nodes.find((n) => n.name.toLowerCase() === t) ?? nodes.find((n) => n.name.toLowerCase().includes(t));
}

export function FindNode({ nodes, onFind }: { nodes: FlowNode[]; onFind: (nodeId: string) => void }) {
  const listId = useId();
  const [text, setText] = useState("");
  const [notFound, setNotFound] = useState(false);
  return (
    <form
      role="search"
      aria-label="Find a node"
      className="flex items-center gap-1.5"
      onSubmit={(e) => {
        e.preventDefault();
        if (!text.trim()) return;
        const hit = findNode(nodes, text);
        setNotFound(!hit);
        if (hit) onFind(hit.id);
      }}
    >
      <span role="status" className={clsx("text-xs text-danger", !notFound && "sr-only")}>
        {notFound ? "No such node" : ""}
      </span>
      <span className="relative flex items-center">
        <input
          type="search"
          list={listId}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setNotFound(false);
          }}
          maxLength={300}
          aria-label="Find a node"
          placeholder="Find a service or channel"
          aria-invalid={notFound || undefined}
          aria-keyshortcuts={SEARCH_SHORTCUT}
          className={clsx(CONTROL, "h-7 w-44 pr-7 sm:w-64", notFound && "border-danger")}
        />
        <SearchShortcutHint />
      </span>
      <datalist id={listId}>
        {nodes.map((n) => (
          <option key={n.id} value={n.name} />
        ))}
      </datalist>
      <Button type="submit" size="sm" icon={<LocateFixed className="size-3.5" aria-hidden />}>
        Find
      </Button>
    </form>
  );
}
