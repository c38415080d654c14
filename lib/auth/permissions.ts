// Who may do what: three roles, each a superset of the one before, and the permissions every
// route, server action and socket event checks on the server. Buttons are hidden from the same
// table, but hiding is never the check.
export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  /** Dashboards, catalog, flows, latency, traces, DLQ listings, live updates. */
  "events:read",
  /** Payload samples and dead-letter bodies (a viewer loses it when payload viewing is restricted). */
  "payloads:read",
  /** Republish dead letters to their original destination. */
  "dlq:reprocess",
  /** Discard dead letters. */
  "dlq:discard",
  /** Descriptions, owners, tags and registered schemas in the catalog. */
  "catalog:edit",
  /** Silence and acknowledge alerts. */
  "alerts:silence",
  /** Create, change and delete alert rules and notification channels. */
  "alerts:manage",
  /** Users and roles. */
  "users:manage",
  /** Collector tokens and every user's API tokens. */
  "tokens:manage",
  /** App settings (payload restriction, retention). */
  "settings:manage",
  /** The audit log. */
  "audit:read",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

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
