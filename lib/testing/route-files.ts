// Every API route of the app, found on disk: its URL pattern and each exported HTTP method's
// handler. The access-matrix test walks this list, so a new route cannot skip the check.
import { readdirSync } from "node:fs";
import path from "node:path";

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

export type RouteFile = { file: string; pattern: string };

export function apiRouteFiles(root = path.resolve("app/api")): RouteFile[] {
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((f) => /(^|\/)route\.ts$/.test(f))
    .sort()
    .map((f) => {
      const dir = path.dirname(f);
      return { file: path.join(root, f), pattern: `/api${dir === "." ? "" : `/${dir}`}` };
    });
}

/** Fills dynamic segments ([id], [...all]) with the given values to make a callable URL. */
export function urlFor(pattern: string, params: Record<string, string> = {}): string {
  return pattern.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, (_, name: string) => params[name] ?? `test-${name}`);
}
