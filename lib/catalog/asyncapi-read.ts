// The messages an AsyncAPI 2.x or 3.x document defines, for the importer: from
// components.messages and from the channels (2.x publish/subscribe `message`, `oneOf` included;
// 3.x `channels.*.messages`), each once however often it is referenced. A message is named by its
// `name`, else (2.x) its `messageId`, else its key in components.messages or in its 3.x channel.
// Its payload must be JSON Schema: AsyncAPI's own schema format (a draft-07 superset, the
// default) or application/schema+json/yaml; Avro, Protobuf, RAML… are refused with the reason.
// A document that is not AsyncAPI 2/3, or lacks a required part, is a 400 saying where.
import { canonicalJson } from "@/lib/catalog/fingerprint";
import { follow, RefError, standalonePayload } from "@/lib/catalog/asyncapi-refs";
import type { Dialect } from "@/lib/catalog/prepare-schema";
import { AppError } from "@/lib/errors";

export type FoundMessage = { name: string; payload: unknown; dialect: Dialect; where: string };
export type Refusal = { name: string; reason: string };
export type ReadDocument = { version: 2 | 3; messages: FoundMessage[]; refused: Refusal[] };

type Candidate = { node: unknown; where: string; key: string | null };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function invalid(message: string): never {
  throw new AppError("bad_request", `not a valid AsyncAPI document: ${message}`);
}

function objectAt(parent: Record<string, unknown>, key: string, where: string, required: boolean) {
  const v = parent[key];
  if (v === undefined && !required) return undefined;
  if (!isObject(v)) invalid(`${where}${key} ${v === undefined ? "is missing" : "must be an object"}`);
  return v;
}

function checkHeader(doc: unknown): 2 | 3 {
  if (!isObject(doc)) invalid("the body must be an object (a JSON object or YAML mapping)");
  const v = doc.asyncapi;
  if (typeof v !== "string") invalid('"asyncapi" (the version, e.g. "3.0.0") is missing');
  const major = /^(\d+)\.\d+\.\d+/.exec(v)?.[1];
  if (major !== "2" && major !== "3")
    throw new AppError("bad_request", `AsyncAPI ${v} is not supported: import a 2.x or 3.x document`);
  const info = objectAt(doc, "info", "", true)!;
  for (const k of ["title", "version"])
    if (typeof info[k] !== "string") invalid(`info.${k} is missing or not a string`);
  return major === "2" ? 2 : 3;
}

/** Every message node of the document, where it is, and its fallback name. */
function candidates(doc: Record<string, unknown>, version: 2 | 3): Candidate[] {
  const out: Candidate[] = [];
  const channels = objectAt(doc, "channels", "", version === 2) ?? {};
  for (const [key, raw] of Object.entries(channels)) {
    const where = `channels.${key}`;
    const channel = follow(doc, raw, where);
    if (!isObject(channel)) invalid(`${where} must be an object`);
    if (version === 2) {
      for (const op of ["publish", "subscribe"]) {
        const operation = objectAt(channel, op, `${where}.`, false);
        if (!operation || operation.message === undefined) continue;
        const at = `${where}.${op}.message`;
        const message = follow(doc, operation.message, at);
        if (isObject(message) && Array.isArray(message.oneOf))
          message.oneOf.forEach((m, i) => out.push({ node: m, where: `${at}.oneOf[${i}]`, key: null }));
        else out.push({ node: operation.message, where: at, key: null });
      }
    } else {
      const messages = objectAt(channel, "messages", `${where}.`, false) ?? {};
      for (const [k, m] of Object.entries(messages))
        out.push({ node: m, where: `${where}.messages.${k}`, key: k });
    }
  }
  const components = objectAt(doc, "components", "", false);
  const messages = components ? objectAt(components, "messages", "components.", false) : undefined;
  for (const [k, m] of Object.entries(messages ?? {}))
    out.push({ node: m, where: `components.messages.${k}`, key: k });
  return out;
}

const NOT_JSON_SCHEMA: [RegExp, string][] = [
  [/avro/i, "Avro"],
  [/protobuf/i, "Protobuf"],
  [/raml/i, "RAML"],
  [/openapi/i, "an OpenAPI schema"],
];

/** The JSON Schema dialect of a schemaFormat, or why it cannot be registered. */
function dialectOf(format: unknown): Dialect | string {
  if (format === undefined) return "draft-07"; // AsyncAPI's own schema format
  if (typeof format !== "string") return "its schemaFormat is not a string";
  const f = format.replace(/\s+/g, "").toLowerCase();
  if (/^application\/vnd\.aai\.asyncapi(\+json|\+yaml)?(;version=[\d.]+)?$/.test(f)) return "draft-07";
  const json = /^application\/schema(\+json|\+yaml)?(;version=(.*))?$/.exec(f);
  if (json) {
    const v = json[3] ?? "draft-07";
    if (/^(draft-)?2020-12$/.test(v)) return "2020-12";
    if (/^(draft-)?2019-09$/.test(v)) return "2019-09";
    if (v === "draft-07") return "draft-07";
    return `its schemaFormat is JSON Schema ${v} ("${format}"), which is not supported: use draft-07, 2019-09 or 2020-12`;
  }
  const kind = NOT_JSON_SCHEMA.find(([re]) => re.test(f))?.[1] ?? "not JSON Schema";
  return `its schemaFormat is ${kind} ("${format}"): only JSON Schema payloads can be registered`;
}

type Resolved = { name: string; payload: unknown; dialect: Dialect; where: string } | Refusal;

function resolve(doc: Record<string, unknown>, version: 2 | 3, c: Candidate, message: unknown): Resolved {
  if (!isObject(message)) return { name: c.where, reason: `${c.where} is not a message object` };
  const id = version === 2 ? message.messageId : undefined;
  const name = [message.name, id, c.key].find((n): n is string => typeof n === "string" && n !== "");
  if (name === undefined)
    return { name: c.where, reason: `${c.where} has no name: give it a "name" to name its event type` };
  let payload = message.payload;
  let format = version === 2 ? message.schemaFormat : undefined;
  try {
    // The schema itself is passed on unfollowed: a root $ref that recurses belongs under $defs.
    const followed = follow(doc, payload, `${c.where}.payload`);
    if (version === 3 && isObject(followed) && "schemaFormat" in followed && "schema" in followed) {
      format = followed.schemaFormat; // a Multi Format Schema Object
      payload = followed.schema;
    }
    const dialect = dialectOf(format);
    if (!["2020-12", "2019-09", "draft-07"].includes(dialect)) return { name, reason: dialect };
    if (payload === undefined) return { name, reason: `${c.where} has no payload schema` };
    const schema = standalonePayload(doc, payload, `${c.where}.payload`);
    return { name, payload: schema, dialect: dialect as Dialect, where: c.where };
  } catch (err) {
    if (err instanceof RefError) return { name, reason: err.message };
    throw err;
  }
}

/** Two messages of one name are one event type only when they say the same. */
function sameness(r: Resolved): string {
  return "payload" in r ? canonicalJson([r.payload, r.dialect]) : `refused: ${r.reason}`;
}

function listCandidates(doc: Record<string, unknown>, version: 2 | 3): Candidate[] {
  try {
    return candidates(doc, version);
  } catch (err) {
    if (err instanceof RefError) invalid(err.message);
    throw err;
  }
}

/** The document's messages, deduplicated; refusals for those that cannot be registered. */
export function readAsyncApi(doc: unknown): ReadDocument {
  const version = checkHeader(doc);
  const root = doc as Record<string, unknown>;
  const seen = new Set<unknown>();
  const byName = new Map<string, Resolved[]>();
  const refused: Refusal[] = [];
  for (const c of listCandidates(root, version)) {
    let message: unknown;
    try {
      message = follow(root, c.node, c.where);
    } catch (err) {
      if (!(err instanceof RefError)) throw err;
      refused.push({ name: c.where, reason: err.message });
      continue;
    }
    if (seen.has(message)) continue; // the same message, referenced again
    seen.add(message);
    const r = resolve(root, version, c, message);
    if (!("payload" in r) && r.name === c.where) refused.push(r);
    else byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
  }
  if (byName.size === 0 && refused.length === 0)
    invalid("it defines no messages (in components.messages or in its channels)");
  const messages: FoundMessage[] = [];
  for (const [name, found] of byName) {
    const first = found[0]!;
    const differ = found.some((f) => sameness(f) !== sameness(first));
    if (differ)
      refused.push({
        name,
        reason: `${found.length} messages are named "${name}" with different payloads (${found.map((f) => ("where" in f ? f.where : "?")).join(", ")}): one name, one event type`,
      });
    else if ("payload" in first) messages.push(first);
    else refused.push(first);
  }
  return { version, messages, refused };
}
