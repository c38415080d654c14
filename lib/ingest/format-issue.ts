// Turns zod issues into the one-line reasons a collector's operator reads in `rejected`,
// e.g. "publishedAt: must be an ISO 8601 date-time with a time zone" or "id: is required".
import type { z } from "zod";

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const key of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

export function formatIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const path = issue.path.map(String).join(".");
  const value = valueAt(input, issue.path);
  let message = issue.message;
  if ((issue.code === "invalid_type" || issue.code === "invalid_union") && value === undefined) {
    message = "is required";
  } else if (issue.code === "invalid_type") {
    message = `must be ${article(issue.expected)} (got ${typeName(value)})`;
  } else if (issue.code === "invalid_value") {
    message = `must be one of ${issue.values.map((x) => JSON.stringify(x)).join(", ")}`;
  }
  return path ? `${path}: ${message}` : message;
}

/** All issues of one item, joined; an item with many problems stays one readable line. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string {
  return issues.map((i) => formatIssue(i, input)).join("; ");
}
