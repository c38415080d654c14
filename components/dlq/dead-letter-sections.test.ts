import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ReprocessAttempts } from "@/components/dlq/dead-letter-sections";
import type { ReprocessAttempt } from "@/lib/dead-letters/api-types";

const attempt = (a: Partial<ReprocessAttempt>): ReprocessAttempt => ({
  id: "c0ffee00-0000-4000-8000-000000000001",
  state: "succeeded",
  error: null,
  destination: { channel: "orders" },
  possibleDuplicate: false,
  createdAt: "2026-12-05T10:00:00.000Z",
  finishedAt: "2026-12-05T10:00:01.000Z",
  requestedBy: null,
  collector: "rabbit-agent",
  ...a,
});

const outcomes = (attempts: ReprocessAttempt[]) =>
  [
    ...renderToStaticMarkup(createElement(ReprocessAttempts, { attempts })).matchAll(
      /<span[^>]*>(in progress|succeeded|failed|pending|sent)<\/span>/g,
    ),
  ].map((m) => m[1]);

describe("ReprocessAttempts", () => {
  it("calls an unfinished attempt in progress (a push is not recorded), not by its raw state", () => {
    const open = attempt({ state: "sent", finishedAt: null });
    expect(outcomes([open, attempt({}), attempt({ state: "failed", error: "no route" })])).toEqual([
      "in progress",
      "succeeded",
      "failed",
    ]);
  });
});
