// The payload part of an event: parsed JSON (redacted before it leaves the collector) when the
// body is JSON and not too big, else nothing but the size and a SHA-256 — binary, text and huge
// bodies never crash the collector nor reach the server.
import { createHash } from "node:crypto";
import { parseJsonPath, readPath, type PathStep } from "@/collectors/core/extract/json-path";

export const REDACTED = "[redacted]";

export type PayloadOptions = { sample: boolean; maxParseBytes: number; redact: readonly string[] };
export type PayloadResult = { json: unknown; parsed: boolean; sha256?: string };

export type Redaction = { names: Set<string>; paths: PathStep[][] };

export function makeRedaction(rules: readonly string[]): Redaction {
  const names = new Set<string>();
  const paths: PathStep[][] = [];
  for (const r of rules) {
    const p = r.startsWith("$") ? parseJsonPath(r) : undefined;
    if (Array.isArray(p)) paths.push(p);
    else names.add(r.toLowerCase());
  }
  return { names, paths };
}

function looksLikeJson(body: Buffer, contentType: string | undefined): boolean {
  if (contentType && /json/i.test(contentType)) return true;
  for (const b of body) {
    if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) continue;
    return b === 0x7b || b === 0x5b; // { or [
  }
  return false;
}

export function readPayload(
  body: Buffer,
  contentType: string | undefined,
  o: PayloadOptions,
  redaction: Redaction,
): PayloadResult {
  if (o.sample && body.length > 0 && body.length <= o.maxParseBytes && looksLikeJson(body, contentType)) {
    try {
      const json: unknown = JSON.parse(body.toString("utf8"));
      if (json !== null && typeof json === "object") {
        redact(json, redaction);
        return { json, parsed: true };
      }
    } catch {
      // Not JSON after all: falls through to size and hash.
    }
  }
  return { json: undefined, parsed: false, sha256: sha256(body) };
}

export function sha256(b: Buffer): string {
  return createHash("sha256").update(b).digest("hex");
}

function redact(value: unknown, r: Redaction): void {
  if (r.names.size > 0) redactNames(value, r.names, 0);
  for (const p of r.paths) {
    const parent = readPath(value, p.slice(0, -1));
    const last = p.at(-1);
    if (parent !== null && typeof parent === "object" && last !== undefined && Object.hasOwn(parent, last))
      (parent as Record<string | number, unknown>)[last] = REDACTED;
  }
}

function redactNames(v: unknown, names: Set<string>, depth: number): void {
  if (v === null || typeof v !== "object" || depth > 64) return;
  if (Array.isArray(v)) {
    for (const x of v) redactNames(x, names, depth + 1);
    return;
  }
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (names.has(k.toLowerCase())) o[k] = REDACTED;
    else redactNames(o[k], names, depth + 1);
  }
}
