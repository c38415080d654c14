// Reads a collector's YAML config: ${VAR} / ${VAR:-default} from the environment, then the schema.
// Every problem is reported at once with the file, line and path and what was expected — before
// the collector connects anywhere.
import { LineCounter, parseDocument, type Document } from "yaml";
import type { z } from "zod";

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid collector config:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

/**
 * Parses and checks a config. `prepare` may adjust the raw value first (command-line overrides),
 * so a value given as a flag need not be in the file.
 */
export function parseConfigText<S extends z.ZodType>(
  text: string,
  source: string,
  schema: S,
  env: Env,
  prepare: (raw: Record<string, unknown>) => Record<string, unknown> = (r) => r,
): z.output<S> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const p = lines.linePos(offset);
    return `${source}:${p.line}:${p.col}`;
  };
  if (doc.errors.length > 0)
    throw new ConfigError(doc.errors.map((e) => `${at(e.pos[0])} ${e.message.split("\n")[0]}`));
  const missing: string[] = [];
  const js: unknown = doc.toJS() ?? {};
  if (typeof js !== "object" || Array.isArray(js) || js === null)
    throw new ConfigError([
      `${source}: expected a mapping of settings (server:, broker:, …) at the top level`,
    ]);
  const value = prepare(expand(js, env, missing) as Record<string, unknown>);
  if (missing.length > 0)
    throw new ConfigError(
      missing.map((m) => `${source}: environment variable ${m} is not set (and has no :-default)`),
    );
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((i) => {
      const path = i.path.filter((p): p is string | number => typeof p !== "symbol");
      return `${locate(doc, path, at) ?? source} ${formatPath(path)}: ${i.message}`;
    }),
  );
}

/** `broker.exchanges[0].name` */
export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return "(top level)";
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

/** The line of the node at `path`, or of its nearest existing parent (a missing key). */
function locate(
  doc: Document,
  path: (string | number)[],
  at: (offset: number) => string,
): string | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === "object" && node.range) return at(node.range[0]);
  }
  return undefined;
}

const VAR = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

function expand(v: unknown, env: Env, missing: string[]): unknown {
  if (typeof v === "string") {
    return v.replace(VAR, (_m, name: string, fallback: string | undefined) => {
      const got = env[name];
      if (got !== undefined && got !== "") return got;
      if (fallback !== undefined) return fallback;
      missing.push(name);
      return "";
    });
  }
  if (Array.isArray(v)) return v.map((x) => expand(x, env, missing));
  if (v && typeof v === "object")
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, expand(x, env, missing)]));
  return v;
}
