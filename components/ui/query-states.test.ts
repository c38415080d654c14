import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { QueryStates, SkeletonStack } from "@/components/ui/query-states";

type Query = { data: unknown; isError: boolean; error: Error | null; refetch: () => unknown };
const query = (q: Partial<Query>): Query => ({
  data: undefined,
  isError: false,
  error: null,
  refetch: () => undefined,
  ...q,
});

function render(q: Query, o: { empty?: ReactNode; ready?: boolean } = {}): string {
  return renderToStaticMarkup(
    createElement(QueryStates, {
      query: q,
      failed: "The rules could not be loaded",
      loading: "LOADING",
      ...o,
      children: "CONTENT",
    }),
  );
}

describe("QueryStates", () => {
  it("shows the error with its reason and a retry when the query failed with nothing to show", () => {
    const html = render(query({ isError: true, error: new Error("the server said no") }));
    expect(html).toContain("The rules could not be loaded");
    expect(html).toContain("the server said no");
    expect(html).toContain("Try again");
    expect(html).not.toContain("CONTENT");
  });

  it("keeps the data on screen when a refetch fails after it arrived", () => {
    expect(render(query({ data: [1], isError: true, error: new Error("x") }))).toBe("CONTENT");
  });

  it("shows the skeleton until the first answer, and while the content is not ready", () => {
    expect(render(query({}))).toBe("LOADING");
    expect(render(query({ data: [1] }), { ready: false })).toBe("LOADING");
  });

  it("shows the empty state when there is nothing, else the content", () => {
    expect(render(query({ data: [] }), { empty: "NOTHING" })).toBe("NOTHING");
    expect(render(query({ data: [1] }), { empty: false })).toBe("CONTENT");
  });
});

describe("SkeletonStack", () => {
  it("draws the rows as one labelled busy region, or unlabelled inside another", () => {
    const labelled = renderToStaticMarkup(
      createElement(SkeletonStack, { label: "Loading", rows: 3, className: "h-9" }),
    );
    expect(labelled).toContain('aria-busy="true"');
    expect(labelled).toContain('aria-label="Loading"');
    expect(labelled.match(/h-9 w-full/g)).toHaveLength(3);
    const bare = renderToStaticMarkup(createElement(SkeletonStack, { rows: 2, className: "h-12" }));
    expect(bare).not.toContain("aria-busy");
  });
});
