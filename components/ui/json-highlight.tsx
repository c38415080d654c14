// Pretty JSON with its tokens coloured (keys, strings, numbers, literals, punctuation): a small
// tokenizer over JSON.stringify's output, no package. Text that is not JSON is shown as it is.
import clsx from "clsx";

type Token = { kind: "key" | "string" | "number" | "literal" | "punct" | "space"; text: string };

const TOKEN =
  /("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(true|false|null)|([{}[\],:])|(\s+)/g;

export function tokenizeJson(pretty: string): Token[] {
  const out: Token[] = [];
  for (const m of pretty.matchAll(TOKEN)) {
    if (m[1] !== undefined) {
      out.push({ kind: m[2] ? "key" : "string", text: m[1] });
      if (m[2]) out.push({ kind: "punct", text: m[2] });
    } else if (m[3] !== undefined) out.push({ kind: "number", text: m[3] });
    else if (m[4] !== undefined) out.push({ kind: "literal", text: m[4] });
    else if (m[5] !== undefined) out.push({ kind: "punct", text: m[5] });
    else out.push({ kind: "space", text: m[0] });
  }
  return out;
}

/** The text pretty-printed, or null when it is not JSON. */
export function prettyJson(text: string): string | null {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return null;
  }
}

const COLOUR: Record<Token["kind"], string> = {
  key: "text-accent",
  string: "text-ok",
  number: "text-warn",
  literal: "text-danger",
  punct: "text-fg-subtle",
  space: "",
};

export function JsonHighlight({
  text,
  label,
  className,
}: {
  text: string;
  label: string;
  className?: string;
}) {
  const pretty = prettyJson(text);
  return (
    <pre
      aria-label={label}
      tabIndex={0}
      className={clsx(
        "overflow-auto rounded-md bg-surface-2 p-3 font-mono text-xs leading-5 whitespace-pre text-fg",
        className,
      )}
    >
      {pretty === null
        ? text
        : tokenizeJson(pretty).map((t, i) =>
            t.kind === "space" ? (
              t.text
            ) : (
              <span key={i} className={COLOUR[t.kind]}>
                {t.text}
              </span>
            ),
          )}
    </pre>
  );
}
