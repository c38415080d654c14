// Routing-key / subject patterns for extraction rules, in the brokers' own wildcard style:
// `orders.{type}.*` — `{name}` captures one segment, `*` matches one segment, `#` or `>` the rest.
// Segments are separated by `.`, `:` or `/` (RabbitMQ and NATS use dots, Redis keys colons).

export type SubjectPattern = { source: string; regex: RegExp };

const SEGMENT = "[^.:/]+";

/** Compiles a pattern with exactly one `{…}` capture, or returns a readable reason. */
export function compileSubjectPattern(pattern: string): SubjectPattern | string {
  let captures = 0;
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "{") {
      const end = pattern.indexOf("}", i);
      if (end === -1) return `unclosed "{" at character ${i + 1}`;
      captures++;
      re += `(${SEGMENT})`;
      i = end;
    } else if (c === "*") re += SEGMENT;
    else if (c === "#" || c === ">") re += ".*";
    else re += c.replace(/[\\^$.|?+()[\]{}]/g, "\\$&");
  }
  if (captures !== 1) return `needs exactly one {name} placeholder for the value to take (found ${captures})`;
  return { source: pattern, regex: new RegExp(`^${re}$`) };
}

export function matchSubject(p: SubjectPattern, subject: string): string | undefined {
  return p.regex.exec(subject)?.[1];
}
