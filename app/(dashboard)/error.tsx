// Error boundary for every page under the shell: says what failed and offers a retry.
"use client";

import { useEffect } from "react";
import { RotateCw, TriangleAlert } from "lucide-react";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

export default function PageError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error && "digest" in error ? String(error.digest) : undefined;
  return (
    <Card>
      <EmptyState icon={TriangleAlert} title="This page could not be loaded">
        <p>
          The server could not read its data (is the database reachable?). Nothing was lost; try again in a
          moment.
        </p>
        {digest && <p className="mt-1 font-mono text-xs text-fg-subtle">Reference: {digest}</p>}
        <button
          type="button"
          onClick={() => retry()}
          className="mt-4 inline-flex h-8 items-center gap-2 rounded-md bg-accent px-3 text-sm font-medium text-accent-fg hover:opacity-90"
        >
          <RotateCw className="size-4" aria-hidden />
          Try again
        </button>
      </EmptyState>
    </Card>
  );
}
