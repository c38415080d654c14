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
