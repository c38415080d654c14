// The footer of a list paged on the server's cursor (an infinite query): "Load older" while there
// is more, "Try again" after a page failed to load, nothing once the oldest is reached.
import { Button } from "@/components/ui/button";

type Pages = {
  hasNextPage: boolean;
  isFetchNextPageError: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
};

export function LoadOlder({ pages }: { pages: Pages }) {
  if (!pages.hasNextPage && !pages.isFetchNextPageError) return null;
  return (
    <div className="flex items-center justify-center gap-3 border-t border-line px-4 py-3 text-sm">
      {pages.isFetchNextPageError && <span className="text-danger">Could not load more.</span>}
      <Button size="sm" busy={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
        {pages.isFetchNextPageError ? "Try again" : "Load older"}
      </Button>
    </div>
  );
}
