// Drift: how live traffic (the newest inferred schema) differs from what a team registered —
// fields the traffic carries that the registered schema does not declare, required fields the
// traffic does not always carry, and places whose types the registered schema would not accept.
// Unlike violations (counted per event by ajv), drift also shows what the registered schema merely
// tolerates (an undeclared field under additionalProperties: true).
import type { JsonSchema } from "@/lib/catalog/infer-schema";

export type DriftKind = "added" | "missing" | "type";
export type DriftChange = { kind: DriftKind; path: string; message: string };
/** Stored in event_types.drift (null when there is nothing to show). */
export type Drift = { registeredVersion: number; inferredVersion: number; changes: DriftChange[] };

type Schema = JsonSchema | boolean;

function obj(s: Schema | undefined): JsonSchema {
  return typeof s === "object" && s !== null ? s : {};
}

function typesOf(s: Schema | undefined): string[] {
  const o = obj(s);
  if (o.type === undefined) return [];
  return Array.isArray(o.type) ? (o.type as string[]) : [o.type as string];
}

function accepts(registered: string[], t: string): boolean {
  return registered.includes(t) || (t === "integer" && registered.includes("number"));
}

function field(path: string): string {
  return path === "" ? "the payload" : `field \`${path}\``;
}

function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

/** The differences of live traffic (`inferred`) from `registered`; [] when they agree. */
export function schemaDrift(registered: Schema, inferred: Schema): DriftChange[] {
  const out: DriftChange[] = [];
  walk(registered, inferred, "", out);
  return out;
}

function walk(reg: Schema | undefined, live: Schema | undefined, path: string, out: DriftChange[]): void {
  const rt = typesOf(reg);
  const lt = typesOf(live);
  if (rt.length > 0 && lt.length > 0) {
    const foreign = lt.filter((t) => !accepts(rt, t));
    if (foreign.length > 0) {
      out.push({
        kind: "type",
        path,
        message: `${field(path)} is ${lt.join(" | ")} in live traffic; registered as ${rt.join(" | ")}`,
      });
      return; // what lies below a changed type is not comparable
    }
  }
  const r = obj(reg);
  const l = obj(live);
  const rProps = obj(r.properties as Schema | undefined);
  const lProps = obj(l.properties as Schema | undefined);
  if (r.properties !== undefined || l.properties !== undefined) {
    const lRequired = new Set((l.required as string[] | undefined) ?? []);
    for (const key of Object.keys(lProps))
      if (!(key in rProps))
        out.push({
          kind: "added",
          path: join(path, key),
          message: `${field(join(path, key))} is in live traffic but not in the registered schema`,
        });
    for (const key of (r.required as string[] | undefined) ?? [])
      if (!lRequired.has(key))
        out.push({
          kind: "missing",
          path: join(path, key),
          message:
            key in lProps
              ? `required ${field(join(path, key))} is missing from some live events`
              : `required ${field(join(path, key))} is missing from live traffic`,
        });
    for (const key of Object.keys(lProps))
      if (key in rProps) walk(rProps[key] as Schema, lProps[key] as Schema, join(path, key), out);
  }
  if (r.items !== undefined && l.items !== undefined)
    walk(r.items as Schema, l.items as Schema, `${path}[]`, out);
}
