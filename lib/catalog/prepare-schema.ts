// A schema a team registers, checked and made ready to store. It must be a JSON object, at most
// 1 MiB and 64 levels deep, self-contained (no remote $ref: nothing is fetched, ever) and a valid
// JSON Schema of its dialect — 2020-12 (the default), 2019-09 or draft-07, compiled by the matching
// ajv class. Every schema is stored as 2020-12, so validation, compatibility, drift and export
// read one dialect: tuple `items` become `prefixItems`, draft-07 `dependencies` become
// `dependentRequired` / `dependentSchemas`, and `$schema` names 2020-12.
import Ajv from "ajv";
import Ajv2019 from "ajv/dist/2019";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { AppError } from "@/lib/errors";
import type { JsonSchema } from "@/lib/catalog/infer-schema";

export const SCHEMA_MAX_BYTES = 1024 * 1024;
export const SCHEMA_MAX_DEPTH = 64;
export const DIALECT_2020 = "https://json-schema.org/draft/2020-12/schema";
export type Dialect = "2020-12" | "2019-09" | "draft-07";

const DIALECTS: [RegExp, Dialect][] = [
  [/^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/, "2020-12"],
  [/^https?:\/\/json-schema\.org\/draft\/2019-09\/schema#?$/, "2019-09"],
  [/^https?:\/\/json-schema\.org\/draft-07\/schema#?$/, "draft-07"],
];
const REF_KEYWORDS = new Set(["$ref", "$dynamicRef", "$recursiveRef"]);
const DATA_KEYWORDS = new Set(["enum", "const", "default", "examples", "example"]); // values, not schemas
const MAX_REPORTED = 8;

function refuse(message: string): never {
  throw new AppError("bad_request", message);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The deepest nesting of objects and arrays, counted without recursion (a hostile body may be deep). */
function depthOf(root: unknown, limit: number): number {
  const stack: [unknown, number][] = [[root, 1]];
  let max = 0;
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    if (d > max) max = d;
    if (max > limit) return max;
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

function dialectOf(schema: Record<string, unknown>, fallback: Dialect): Dialect {
  const declared = schema.$schema;
  if (declared === undefined) return fallback;
  if (typeof declared !== "string") refuse('"$schema" must be a string');
  const hit = DIALECTS.find(([re]) => re.test(declared));
  if (!hit)
    refuse(
      `"$schema" ${JSON.stringify(declared)} is not supported: use JSON Schema 2020-12 (the default), 2019-09 or draft-07`,
    );
  return hit[1];
}

/** JSON pointers of every $ref that leaves the schema (anything but "#…"). */
function remoteRefs(root: unknown): string[] {
  const out: string[] = [];
  const stack: [unknown, string][] = [[root, ""]];
  while (stack.length > 0 && out.length < MAX_REPORTED) {
    const [v, path] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    for (const [k, child] of Object.entries(v)) {
      const at = `${path}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`;
      if (REF_KEYWORDS.has(k) && typeof child === "string" && !child.startsWith("#"))
        out.push(`${at} (${JSON.stringify(child)})`);
      else if (!DATA_KEYWORDS.has(k)) stack.push([child, at]);
    }
  }
  return out;
}

function makeAjv(dialect: Dialect): Ajv {
  const opts = { strict: false, allErrors: true, logger: false } as const;
  const ajv =
    dialect === "2020-12" ? new Ajv2020(opts) : dialect === "2019-09" ? new Ajv2019(opts) : new Ajv(opts);
  addFormats(ajv);
  return ajv;
}

/** Compiles with a fresh ajv (two schemas with one $id must not collide); refuses with ajv's words. */
function compileOrRefuse(schema: Record<string, unknown>, dialect: Dialect, what: string): void {
  const ajv = makeAjv(dialect);
  if (!ajv.validateSchema(schema)) {
    const seen = new Set<string>();
    for (const e of ajv.errors ?? []) seen.add(`${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
    const list = [...seen];
    const more = list.length > MAX_REPORTED ? ` (and ${list.length - MAX_REPORTED} more)` : "";
    refuse(
      `${what} is not a valid JSON Schema (${dialect}): ${list.slice(0, MAX_REPORTED).join("; ")}${more}`,
    );
  }
  try {
    ajv.compile(schema);
  } catch (err) {
    refuse(`${what} does not compile as JSON Schema (${dialect}): ${(err as Error).message}`);
  }
}

const MAP_KEYWORDS = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
const ONE_KEYWORDS = [
  "additionalProperties",
  "contains",
  "propertyNames",
  "not",
  "if",
  "then",
  "else",
  "unevaluatedItems",
  "unevaluatedProperties",
  "contentSchema",
];
const LIST_KEYWORDS = ["allOf", "anyOf", "oneOf", "prefixItems"];

/** A draft-07 or 2019-09 schema rewritten in 2020-12 terms (a copy; `s` is not changed). */
function to2020(s: unknown, dialect: Dialect): unknown {
  if (!isObject(s)) return s;
  const out: Record<string, unknown> = { ...s };
  const walk = (v: unknown) => to2020(v, dialect);
  const mapWalk = (m: unknown) =>
    isObject(m) ? Object.fromEntries(Object.entries(m).map(([k, v]) => [k, walk(v)])) : m;
  for (const k of MAP_KEYWORDS) if (k in out) out[k] = mapWalk(out[k]);
  for (const k of ONE_KEYWORDS) if (k in out) out[k] = walk(out[k]);
  for (const k of LIST_KEYWORDS) if (Array.isArray(out[k])) out[k] = (out[k] as unknown[]).map(walk);
  if (Array.isArray(s.items)) {
    // Tuple form: positions become prefixItems, what follows them was additionalItems.
    out.prefixItems = s.items.map(walk);
    delete out.items;
    if (s.additionalItems !== undefined) out.items = walk(s.additionalItems);
  } else if (s.items !== undefined) out.items = walk(s.items);
  delete out.additionalItems; // without tuple items it never applied
  if (dialect === "draft-07" && isObject(s.dependencies)) {
    const required: Record<string, unknown> = {};
    const schemas: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(s.dependencies))
      if (Array.isArray(v)) required[k] = v;
      else schemas[k] = walk(v);
    delete out.dependencies;
    if (Object.keys(required).length > 0) out.dependentRequired = required;
    if (Object.keys(schemas).length > 0) out.dependentSchemas = schemas;
  }
  return out;
}

export type PrepareOptions = {
  /** The dialect of a schema without `$schema` (AsyncAPI's own schema format is draft-07's). */
  defaultDialect?: Dialect;
  /** Names the schema in messages ("the schema", "the payload of message X"). */
  what?: string;
};

/** The schema as it will be stored (2020-12, `$schema` set), or an AppError saying what is wrong. */
export function prepareSchema(raw: unknown, opts: PrepareOptions = {}): JsonSchema {
  const what = opts.what ?? "the schema";
  if (!isObject(raw))
    refuse(
      `${what} must be a JSON object (a JSON Schema), not ${Array.isArray(raw) ? "an array" : typeof raw}`,
    );
  if (depthOf(raw, SCHEMA_MAX_DEPTH) > SCHEMA_MAX_DEPTH)
    refuse(`${what} is nested more than ${SCHEMA_MAX_DEPTH} levels deep`);
  const bytes = Buffer.byteLength(JSON.stringify(raw));
  if (bytes > SCHEMA_MAX_BYTES)
    throw new AppError(
      "payload_too_large",
      `${what} is ${bytes} bytes of JSON; the limit is ${SCHEMA_MAX_BYTES} bytes (1 MiB)`,
    );
  const dialect = dialectOf(raw, opts.defaultDialect ?? "2020-12");
  const remote = remoteRefs(raw);
  if (remote.length > 0)
    refuse(
      `${what} refers outside itself at ${remote.join(", ")}: registered schemas must be self-contained (put shared parts under "$defs" and refer to them with "#/$defs/…")`,
    );
  compileOrRefuse(raw, dialect, what);
  if (dialect === "2020-12") return { $schema: DIALECT_2020, ...withoutDialect(raw) };
  const converted = { $schema: DIALECT_2020, ...withoutDialect(to2020(raw, dialect) as JsonSchema) };
  compileOrRefuse(converted, "2020-12", `${what}, once converted to 2020-12,`);
  return converted;
}

function withoutDialect(s: JsonSchema): JsonSchema {
  const { $schema: _, ...rest } = s;
  return rest;
}
