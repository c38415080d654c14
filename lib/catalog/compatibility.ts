// Schema compatibility with the Confluent Schema Registry's modes, for JSON Schema: can a reader
// using one schema accept everything a writer using another may produce?
//   BACKWARD  — the new schema reads data written with the previous one (upgrade consumers first);
//   FORWARD   — the previous schema reads data written with the new one (upgrade producers first);
//   FULL      — both; *_TRANSITIVE — against every earlier version, not only the previous; NONE.
// Each breaking change comes back in words ("field `amount` changed type number → string").
//
// Scope: the keywords inference produces and registered schemas commonly use — type (with
// integer ⊂ number), properties, required, additionalProperties, items, enum. Other keywords are
// not compared (a registered schema using them is checked on these alone).
import { jsonTypeOf } from "@/lib/catalog/infer-schema";

export const COMPATIBILITY_MODES = [
  "BACKWARD",
  "BACKWARD_TRANSITIVE",
  "FORWARD",
  "FORWARD_TRANSITIVE",
  "FULL",
  "FULL_TRANSITIVE",
  "NONE",
] as const;
export type CompatibilityMode = (typeof COMPATIBILITY_MODES)[number];

type Schema = Record<string, unknown> | boolean;
export type BreakingChange = { path: string; message: string };

/** Breaking changes of `next` against `previous` versions (oldest first) under `mode`; [] = compatible. */
export function checkCompatibility(
  mode: CompatibilityMode,
  next: Schema,
  previous: readonly Schema[],
): BreakingChange[] {
  if (mode === "NONE" || previous.length === 0) return [];
  const against = mode.endsWith("_TRANSITIVE") ? previous : previous.slice(-1);
  const backward = mode.startsWith("BACKWARD") || mode.startsWith("FULL");
  const forward = mode.startsWith("FORWARD") || mode.startsWith("FULL");
  const out: BreakingChange[] = [];
  against.forEach((old) => {
    const version = against.length > 1 ? ` (against version ${previous.indexOf(old) + 1})` : "";
    if (backward)
      for (const c of readerBreaks(next, old, "", "backward"))
        out.push({ ...c, message: c.message + version });
    if (forward)
      for (const c of readerBreaks(old, next, "", "forward"))
        out.push({ ...c, message: c.message + version });
  });
  return dedupe(out);
}

type Direction = "backward" | "forward"; // backward: reader = new; forward: reader = old

const TYPES = ["null", "boolean", "integer", "number", "string", "object", "array"] as const;

function typesOf(s: Schema): Set<string> {
  if (s === true || (typeof s === "object" && s.type === undefined && s.enum === undefined))
    return new Set(TYPES);
  if (s === false) return new Set();
  const t = s.type;
  if (t === undefined && Array.isArray(s.enum)) return new Set(s.enum.map(jsonTypeOf));
  return new Set(Array.isArray(t) ? (t as string[]) : [t as string]);
}

function accepts(readerTypes: Set<string>, t: string): boolean {
  return readerTypes.has(t) || (t === "integer" && readerTypes.has("number"));
}

function field(path: string): string {
  return path === "" ? "the payload" : `field \`${path}\``;
}

function obj(s: Schema): Record<string, unknown> {
  return typeof s === "object" ? s : {};
}

/** What a reader with schema `reader` cannot accept of what `writer` allows. */
function readerBreaks(reader: Schema, writer: Schema, path: string, dir: Direction): BreakingChange[] {
  const out: BreakingChange[] = [];
  const rt = typesOf(reader);
  const wt = typesOf(writer);
  const lost = [...wt].filter((t) => !accepts(rt, t));
  if (lost.length > 0) {
    const [from, to] = dir === "backward" ? [wt, rt] : [rt, wt];
    out.push({ path, message: `${field(path)} changed type ${show(from)} → ${show(to)}` });
  }
  const r = obj(reader);
  const w = obj(writer);
  if (Array.isArray(r.enum)) {
    const allowed = r.enum.map((v) => JSON.stringify(v));
    const wEnum = Array.isArray(w.enum) ? w.enum.map((v) => JSON.stringify(v)) : undefined;
    if (wEnum === undefined && lost.length === 0)
      out.push({
        path,
        message: `${field(path)} became ${dir === "backward" ? "limited to" : "free of"} a list of values`,
      });
    else if (wEnum) {
      const extra = wEnum.filter((v) => !allowed.includes(v));
      if (extra.length > 0)
        out.push({
          path,
          message:
            dir === "backward"
              ? `${field(path)} no longer allows ${extra.join(", ")}`
              : `${field(path)} now allows ${extra.join(", ")}`,
        });
    }
  }
  if (rt.has("object") && wt.has("object")) out.push(...objectBreaks(r, w, path, dir));
  if (rt.has("array") && wt.has("array") && r.items !== undefined) {
    const items = (w.items ?? true) as Schema;
    out.push(...readerBreaks(r.items as Schema, items, `${path}[]`, dir));
  }
  return out;
}

function objectBreaks(
  r: Record<string, unknown>,
  w: Record<string, unknown>,
  path: string,
  dir: Direction,
): BreakingChange[] {
  const out: BreakingChange[] = [];
  const rProps = (r.properties ?? {}) as Record<string, Schema>;
  const wProps = (w.properties ?? {}) as Record<string, Schema>;
  const rReq = new Set((r.required ?? []) as string[]);
  const wReq = new Set((w.required ?? []) as string[]);
  const sub = (k: string) => (path === "" ? k : `${path}.${k}`);
  for (const k of rReq) {
    if (wReq.has(k)) continue;
    // The reader needs it; the writer may leave it out.
    const message =
      dir === "backward"
        ? Object.hasOwn(wProps, k)
          ? `field \`${sub(k)}\` became required`
          : `required field \`${sub(k)}\` added`
        : Object.hasOwn(wProps, k)
          ? `field \`${sub(k)}\` is no longer required`
          : `required field \`${sub(k)}\` removed`;
    out.push({ path: sub(k), message });
  }
  for (const [k, ws] of Object.entries(wProps)) {
    if (Object.hasOwn(rProps, k)) {
      out.push(...readerBreaks(rProps[k]!, ws, sub(k), dir));
    } else if (r.additionalProperties === false) {
      out.push({
        path: sub(k),
        message:
          dir === "backward"
            ? `field \`${sub(k)}\` removed (no other fields allowed)`
            : `field \`${sub(k)}\` added (no other fields allowed)`,
      });
    } else if (typeof r.additionalProperties === "object") {
      out.push(...readerBreaks(r.additionalProperties as Schema, ws, sub(k), dir));
    }
  }
  return out;
}

function show(types: Set<string>): string {
  const list = [...types].filter((t) => !(t === "integer" && types.has("number")));
  return list.length === TYPES.length - 1 ? "any" : list.join(" | ");
}

function dedupe(changes: BreakingChange[]): BreakingChange[] {
  const seen = new Set<string>();
  return changes.filter((c) => !seen.has(c.message) && seen.add(c.message));
}
