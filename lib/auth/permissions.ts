// Who may do what: three roles, each a superset of the one before, and the permissions every
// route, server action and socket event checks on the server. Buttons are hidden from the same
// table, but hiding is never the check.
export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "events:read",
  "payloads:read",
  "dlq:reprocess",
  "dlq:discard",
  "catalog:edit",
  "alerts:silence",
  "alerts:manage",
  "users:manage",
  "tokens:manage",
  "settings:manage",
  "audit:read",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What each permission allows, in the words the Settings pages (and docs/security.md) use. */
export const PERMISSION_TEXT: Record<Permission, { label: string; explain: string }> = {
  "events:read": {
    label: "Read dashboards",
    explain: "Overview, catalog, flows, latency, traces, DLQ listings and live updates.",
  },
  "payloads:read": {
    label: "Read payloads",
    explain: "Payload samples and dead-letter bodies.",
  },
  "dlq:reprocess": {
    label: "Reprocess dead letters",
    explain: "Republish dead letters to their original destination.",
  },
  "dlq:discard": {
    label: "Discard dead letters",
    explain: "Discard dead letters, restore discarded ones, and delete them for good.",
  },
  "catalog:edit": {
    label: "Edit the catalog",
    explain: "Descriptions, owners, tags and registered schemas.",
  },
  "alerts:silence": { label: "Silence alerts", explain: "Silence and acknowledge alerts." },
  "alerts:manage": {
    label: "Manage alerts",
    explain: "Create, change and delete alert rules and notification channels.",
  },
  "users:manage": { label: "Manage users", explain: "Invite people, change roles, disable accounts." },
  "tokens:manage": {
    label: "Manage tokens",
    explain: "Collector tokens, and revoking anyone's API tokens.",
  },
  "settings:manage": {
    label: "Change settings",
    explain: "App-wide settings such as hiding payloads from viewers.",
  },
  "audit:read": { label: "Read the audit log", explain: "Who signed in and who changed what." },
};

/** Each role in one sentence. */
export const ROLE_TEXT: Record<Role, string> = {
  viewer: "Sees dashboards and, unless hidden by policy, payloads. Changes nothing.",
  operator: "A viewer who also reprocesses and discards dead letters, edits the catalog and silences alerts.",
  admin: "Everything: users, tokens, settings, alert rules and the audit log.",
};

const VIEWER: readonly Permission[] = ["events:read", "payloads:read"];
const OPERATOR: readonly Permission[] = [
  ...VIEWER,
  "dlq:reprocess",
  "dlq:discard",
  "catalog:edit",
  "alerts:silence",
];
const ADMIN: readonly Permission[] = PERMISSIONS;

const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  viewer: new Set(VIEWER),
  operator: new Set(OPERATOR),
  admin: new Set(ADMIN),
};

export type AccessPolicy = {
  /** When true, viewers do not see payloads (operators and admins still do). */
  restrictPayloads: boolean;
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** What a role may do under the policy. An unknown role (a hand-edited row) may do nothing. */
export function roleCan(
  role: string,
  permission: Permission,
  policy: AccessPolicy = { restrictPayloads: false },
): boolean {
  if (!isRole(role)) return false;
  if (permission === "payloads:read" && role === "viewer" && policy.restrictPayloads) return false;
  return GRANTS[role].has(permission);
}

/** Every permission of a role under the policy, in PERMISSIONS order (for the UI and token scopes). */
export function permissionsOf(role: string, policy?: AccessPolicy): Permission[] {
  return PERMISSIONS.filter((p) => roleCan(role, p, policy));
}
