// A rule's human summary: text with {{variables}} filled in when a state changes, e.g.
// "p99 {{value}} ms on {{scope}}". Checked when the rule is saved (an unknown variable or a stray
// brace is refused with the place it is at), so rendering never fails at evaluation time.

export const TEMPLATE_VARIABLES = ["value", "threshold", "scope", "rule", "severity", "state"] as const;
type Variable = (typeof TEMPLATE_VARIABLES)[number];

const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g;
const LABEL = /^labels\.([A-Za-z_][A-Za-z0-9_]*)$/;

/** What is wrong with a template, or null when it renders. */
export function templateProblem(template: string): string | null {
  for (const m of template.matchAll(TOKEN)) {
    const name = m[1]!;
    if (!(TEMPLATE_VARIABLES as readonly string[]).includes(name) && !LABEL.test(name))
      return `unknown variable {{${name}}} at character ${m.index + 1}: use ${TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(", ")} or {{labels.<name>}}`;
  }
  const rest = template.replace(TOKEN, "");
  const open = rest.indexOf("{{");
  if (open >= 0) return `"{{" without a closing "}}" (or with a brace inside) near "${excerpt(rest, open)}"`;
  const close = rest.indexOf("}}");
  if (close >= 0) return `"}}" without an opening "{{" near "${excerpt(rest, close)}"`;
  return null;
}

function excerpt(s: string, at: number): string {
  return s.slice(Math.max(0, at - 10), at + 12);
}

export type TemplateValues = Record<Variable, string> & { labels: Record<string, string> };

/** Fills a template that templateProblem accepted; an unknown label renders empty. */
export function renderTemplate(template: string, v: TemplateValues): string {
  return template.replace(TOKEN, (_, name: string) => {
    const label = LABEL.exec(name);
    if (label) return v.labels[label[1]!] ?? "";
    return (TEMPLATE_VARIABLES as readonly string[]).includes(name) ? v[name as Variable] : "";
  });
}

/** A value as people read it: at most three decimals, no trailing zeros; "no data" for null. */
export function formatValue(value: number | null): string {
  if (value === null) return "no data";
  return String(roundValue(value));
}

/**
 * A value as precise as it is: whole numbers from 100 up, three significant digits below (the
 * percentiles come from histograms within a few per cent, so "7196.745 ms" would be false precision).
 */
export function roundValue(value: number): number {
  return Math.abs(value) >= 100 ? Math.round(value) : Number(value.toPrecision(3));
}
