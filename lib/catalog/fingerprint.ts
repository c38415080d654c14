// A schema's fingerprint: SHA-256 of its canonical JSON (keys sorted at every level), so the same
// schema written in another key order is the same version.
import { createHash } from "node:crypto";

export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "null";
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .filter((k) => o[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(",")}}`;
}

export function schemaFingerprint(schema: unknown): string {
  return createHash("sha256").update(canonicalJson(schema)).digest("hex");
}

/**
 * An inferred schema without its `enum`s. Inferred enums are observations of a few samples: a value
 * missing from the next samples is not a removed value, so they neither make a new inferred version
 * nor count as a breaking change between inferred versions (they stay in the stored definition).
 */
export function withoutEnums(schema: unknown): unknown {
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === "enum") continue;
    if (k === "properties" && v !== null && typeof v === "object" && !Array.isArray(v))
      out[k] = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, withoutEnums(s)]));
    else if (k === "items" || k === "additionalProperties") out[k] = withoutEnums(v);
    else if ((k === "anyOf" || k === "oneOf" || k === "allOf") && Array.isArray(v))
      out[k] = v.map(withoutEnums);
    else out[k] = v;
  }
  return out;
}
