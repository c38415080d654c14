// The footer of a list paged on the server's cursor (an infinite query): what the list shows (the
// children, e.g. "Showing 50 of 1,234"), then the button for the next page while there is one —
// "Load more" on a sorted list, "Load older" on a log, newest first — or "Try again" after a page
// failed to load. With no children, nothing once the last page is in.
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";

type Pages = {
  hasNextPage: boolean;
  isFetchNextPageError: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
};

type Props = {
  pages: Pages;
  label?: "Load more" | "Load older";
  /** What a failed page says. */
  failed?: string;
  children?: ReactNode;
};

export function LoadMore({ pages, label = "Load more", failed = "Could not load more.", children }: Props) {
  const more = pages.hasNextPage || pages.isFetchNextPageError;
  if (!more && children === undefined) return null;
  return (
    <div className="flex flex-wrap items-center justify-center gap-3 border-t border-line px-4 py-3 text-sm text-fg-subtle">
      {children}
      {pages.isFetchNextPageError && <span className="text-danger">{failed}</span>}
      {more && (
        <Button size="sm" busy={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
          {pages.isFetchNextPageError ? "Try again" : label}
        </Button>
      )}
    </div>
  );
}
