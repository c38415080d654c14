import { describe, expect, it } from "vitest";
import { fieldErrors, formMessage } from "@/components/dlq/field-errors";
import { purgeFilter } from "@/components/dlq/purge-dialog";
import { EMPTY_FILTERS } from "@/components/dlq/dlq-filters";
import { apiFilter, chosenCount, progressOf } from "@/components/dlq/reprocess-api";
import { ApiError } from "@/lib/http/api-client";
import type { ReprocessRequestSummary } from "@/lib/reprocess/get-request";

const refused = new ApiError(400, "bad_request", "edit.payload.qty: must be >= 1", undefined, [
  { path: "edit.payload.qty", message: "must be >= 1" },
  { path: "edit.payload.qty", message: "second message for the same field" },
  { path: "ratePerSecond", message: "must be at most 10000" },
]);

describe("fieldErrors", () => {
  it("keys the server's details by path, the first message per path", () => {
    expect(fieldErrors(refused)).toEqual({
      "edit.payload.qty": "must be >= 1",
      ratePerSecond: "must be at most 10000",
    });
  });

  it("is empty for errors without field details", () => {
    expect(fieldErrors(new Error("offline"))).toEqual({});
    expect(fieldErrors(new ApiError(409, "conflict", "busy", undefined, { ids: ["x"] }))).toEqual({});
  });
});

describe("formMessage", () => {
  it("points at the fields when every error is shown beside one", () => {
    expect(formMessage(refused, ["edit.payload", "ratePerSecond"])).toBe("Fix the fields marked above.");
  });

  it("gives the server's message when some error has no field on the form", () => {
    expect(formMessage(refused, ["edit.payload"])).toBe("edit.payload.qty: must be >= 1");
    expect(formMessage(null, [])).toBeNull();
  });
});

describe("purgeFilter", () => {
  it("narrows the page's filter to the states a purge may delete", () => {
    expect(purgeFilter({ ...EMPTY_FILTERS, broker: "rabbit" })).toEqual({
      broker: "rabbit",
      state: "discarded,reprocessed",
    });
    expect(purgeFilter({ ...EMPTY_FILTERS, state: "reprocessed" })).toEqual({ state: "reprocessed" });
    expect(purgeFilter({ ...EMPTY_FILTERS, state: "pending" })).toEqual({ state: "discarded,reprocessed" });
  });

  it("keeps the untyped filter as the API spells it", () => {
    expect(apiFilter({ ...EMPTY_FILTERS, type: "\u0000untyped" })).toEqual({ untyped: "1" });
  });
});

describe("progressOf", () => {
  const r = { total: 10, succeeded: 4, failed: 2, cancelled: 1 } as ReprocessRequestSummary;
  it("counts finished items of the total", () => {
    expect(progressOf(r)).toEqual({ done: 7, total: 10, percent: 70 });
    expect(progressOf({ ...r, total: 0, succeeded: 0, failed: 0, cancelled: 0 })).toMatchObject({
      percent: 100,
    });
  });
});

describe("chosenCount", () => {
  it("counts the stored ids, or reads their count when the request chose more than ten", () => {
    expect(chosenCount({ ids: ["a", "b", "c"] })).toBe(3);
    expect(chosenCount({ ids: 20 })).toBe(20);
    expect(chosenCount({ filter: { broker: "x" } })).toBeNull();
    expect(chosenCount({ groupId: "g" })).toBeNull();
  });
});
