// What the DLQ's detail pages (a dead letter, a reprocess request) share: the link back to the list,
// a labelled fact, and the page for an id that is not there (404, or 400 for a malformed one) or a
// load that failed — with the query's retry rule that does not retry those.
import type { ReactNode } from "react";
import Link from "next/link";
import { SearchX } from "lucide-react";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadError } from "@/components/ui/load-error";
import { ApiError } from "@/lib/http/api-client";

export function BackLink() {
  return (
    <Link href="/dlq" className="w-fit text-sm text-fg-muted hover:text-accent">
      ← Dead letters
    </Link>
  );
}

export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col">
      <dt className="text-xs text-fg-subtle">{label}</dt>
      <dd className="truncate text-sm text-fg">{children}</dd>
    </div>
  );
}

function isMissing(err: unknown): err is ApiError {
  return err instanceof ApiError && (err.status === 404 || err.status === 400);
}

/** TanStack Query's `retry`: twice, but never for an id that is not there. */
export function retryUnlessMissing(n: number, err: Error): boolean {
  return n < 2 && !isMissing(err);
}

/** The page for a failed detail query: "No such …" or the load error with a retry. */
export function DetailUnavailable({
  error,
  notFound,
  notFoundHint,
  failed,
  onRetry,
}: {
  error: Error;
  notFound: string;
  notFoundHint?: string;
  failed: string;
  onRetry: () => void;
}) {
  return (
    <div className="flex flex-col gap-4">
      <BackLink />
      <Card>
        {isMissing(error) ? (
          <EmptyState icon={SearchX} title={notFound}>
            <p>{error.message}</p>
            {notFoundHint && <p className="mt-1">{notFoundHint}</p>}
          </EmptyState>
        ) : (
          <LoadError title={failed} error={error} onRetry={onRetry} />
        )}
      </Card>
    </div>
  );
}
