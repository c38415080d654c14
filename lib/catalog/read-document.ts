// The body of a catalog upload (a schema registration, an AsyncAPI document), read within the
// request size limit and parsed as JSON or, where allowed, YAML. The server's request guard already
// refuses a declared Content-Length over REQUEST_MAX_BODY_BYTES; this repeats the check for any
// other way in and counts the bytes of a body that declared none.
import { parse as parseYaml } from "yaml";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { readCapped } from "@/lib/http/read-capped";

const YAML_TYPES = /^(application|text)\/(x-)?yaml\b/i;
const JSON_TYPE = /^application\/([\w.+-]*\+)?json\b/i;

function tooLarge(maxBytes: number, what: string): AppError {
  return new AppError(
    "payload_too_large",
    `${what} is larger than the limit of ${maxBytes} bytes (REQUEST_MAX_BODY_BYTES)`,
  );
}

async function readText(req: Request, maxBytes: number): Promise<string> {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes)
    throw tooLarge(maxBytes, `the body (Content-Length ${declared})`);
  const body = await readCapped(req, maxBytes, () => tooLarge(maxBytes, "the body"));
  return body.toString("utf8");
}

/** The parsed body; `yaml` allows a YAML body (Content-Type application/yaml or text/yaml). */
export async function readDocument(
  req: Request,
  opts: { yaml: boolean; maxBytes?: number },
): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  const isYaml = opts.yaml && YAML_TYPES.test(type);
  if (!isYaml && !JSON_TYPE.test(type))
    throw new AppError(
      "unsupported_media_type",
      opts.yaml
        ? 'send the document as JSON ("Content-Type: application/json") or YAML ("Content-Type: application/yaml")'
        : 'send the body as JSON with "Content-Type: application/json"',
    );
  const text = await readText(req, opts.maxBytes ?? env().REQUEST_MAX_BODY_BYTES);
  if (text.trim() === "") throw new AppError("bad_request", "the body is empty");
  if (!isYaml) {
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw new AppError("invalid_json", `the body is not valid JSON: ${(err as Error).message}`);
    }
  }
  try {
    // Aliases are capped (a "billion laughs" document expands them exponentially; yaml throws a
    // ReferenceError past the cap); duplicate keys are an error rather than a silent last-one-wins.
    return parseYaml(text, { maxAliasCount: 100, uniqueKeys: true, logLevel: "error" }) as unknown;
  } catch (err) {
    const reason = err instanceof Error ? err.message.split("\n")[0] : String(err);
    throw new AppError("bad_request", `the body is not valid YAML: ${reason}`);
  }
}
