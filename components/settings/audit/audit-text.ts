// How an audit entry reads on the Audit page: action groups for the filter, the target in words,
// and the details object summarised on one line (the full JSON goes in a tooltip).
import { AUDIT_ACTIONS, AUDIT_GROUPS, type AuditAction, type AuditGroup } from "@/lib/audit/actions";
import type { AuditEntryRow } from "@/lib/audit/list-audit";
import type { Jsonify } from "@/lib/jsonify";

export type AuditEntryJson = Jsonify<AuditEntryRow>;
export type AuditPage = { entries: AuditEntryJson[]; nextBefore: number | null };

export const AUDIT_PAGE_SIZE = 50;

const GROUP_LABELS: Record<AuditGroup, string> = {
  auth: "Sign-in",
  user: "Users",
  token: "API tokens",
  collector: "Collectors",
  settings: "Settings",
  catalog: "Catalog",
  dlq: "Dead letters",
  alert: "Alerts",
};

export const AUDIT_FILTER_GROUPS = AUDIT_GROUPS.map((group) => ({
  group,
  label: GROUP_LABELS[group],
  actions: (Object.keys(AUDIT_ACTIONS) as AuditAction[])
    .filter((a) => a.startsWith(`${group}.`))
    .map((a) => ({ action: a, description: AUDIT_ACTIONS[a] })),
}));

export const ACTOR_TYPE_LABELS: Record<string, string> = {
  token: "API token",
  collector: "collector",
  system: "system",
  anonymous: "anonymous",
};

/** "user:<id>" reads as the person's email when the details carry it. */
export function describeTarget(e: AuditEntryJson): { kind: string; label: string } | null {
  if (!e.target) return null;
  const i = e.target.indexOf(":");
  const kind = i < 0 ? "" : e.target.slice(0, i);
  const value = i < 0 ? e.target : e.target.slice(i + 1);
  const email = typeof e.details?.email === "string" ? e.details.email : null;
  if (kind === "user") {
    // Accepting an invitation is done to oneself: the actor's label names the target too.
    const self = value === e.actorId ? e.actorLabel : null;
    return { kind, label: email ?? self ?? value.slice(0, 8) };
  }
  if (kind === "token") return { kind, label: `${value}…` };
  if (kind === "setting") return { kind, label: value.replace(/_/g, " ") };
  return { kind, label: value };
}

const ISO = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/;

function show(v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (typeof v === "string") return ISO.test(v) ? v.slice(0, 10) : v;
  if (typeof v === "number") return String(v);
  if (Array.isArray(v)) {
    const items = v.map(show);
    return items.length > 3 ? `${items.slice(0, 3).join(", ")} +${items.length - 3}` : items.join(", ");
  }
  return JSON.stringify(v);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** One line: "from → to" changes first, then "key value" pairs; the target's email is left out. */
export function summariseDetails(e: AuditEntryJson): string {
  const d = e.details;
  if (!d) return "";
  const parts: string[] = [];
  const { before, after, from, to, ...rest } = d;
  if (isRecord(before) && isRecord(after)) {
    for (const k of new Set([...Object.keys(before), ...Object.keys(after)]))
      if (JSON.stringify(before[k]) !== JSON.stringify(after[k]))
        parts.push(`${k} ${show(before[k])} → ${show(after[k])}`);
  }
  if (from !== undefined || to !== undefined) parts.push(`${show(from)} → ${show(to)}`);
  for (const [k, v] of Object.entries(rest)) {
    if (k === "email" && e.target?.startsWith("user:")) continue;
    parts.push(`${k} ${show(v)}${k === "tokenPrefix" ? "…" : ""}`);
  }
  return parts.join(" · ");
}
