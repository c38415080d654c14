// The words the Settings pages use for roles and permissions. They restate the doc comments in
// lib/auth/permissions.ts for people; a permission added there without words here fails to compile.
import type { Permission, Role } from "@/lib/auth/permissions";

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
  "dlq:discard": { label: "Discard dead letters", explain: "Delete dead letters for good." },
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

export const ROLE_TEXT: Record<Role, string> = {
  viewer: "Sees dashboards and, unless hidden by policy, payloads. Changes nothing.",
  operator: "A viewer who also reprocesses and discards dead letters, edits the catalog and silences alerts.",
  admin: "Everything: users, tokens, settings, alert rules and the audit log.",
};
