// Every action the audit log records, with the words the Audit page shows for it.
export const AUDIT_ACTIONS = {
  "auth.setup": "Created the first admin",
  "auth.sign_in": "Signed in",
  "auth.sign_in_failed": "Failed to sign in",
  "auth.sign_in_locked": "Sign-in refused: too many failures",
  "auth.sign_out": "Signed out",
  "auth.sign_out_everywhere": "Signed out everywhere",
  "auth.password_changed": "Changed their password",
  "user.invited": "Invited a user",
  "user.invite_renewed": "Issued a new invitation link",
  "user.invite_accepted": "Accepted an invitation",
  "user.role_changed": "Changed a role",
  "user.disabled": "Disabled a user",
  "user.enabled": "Enabled a user",
  "user.sessions_revoked": "Signed a user out everywhere",
  "token.created": "Created an API token",
  "token.revoked": "Revoked an API token",
  "collector.created": "Created a collector token",
  "collector.rotated": "Rotated a collector token",
  "collector.revoked": "Revoked a collector token",
  "settings.changed": "Changed settings",
  "catalog.schema_registered": "Registered a schema",
  "catalog.compatibility_changed": "Changed a compatibility mode",
  "catalog.type_edited": "Edited an event type",
  // Dead letters (issue 7): bulk reprocess, cancel, discard, restore and purge.
  "dlq.reprocess_requested": "Reprocessed dead letters",
  "dlq.reprocess_cancelled": "Cancelled a reprocess",
  "dlq.discarded": "Discarded dead letters",
  "dlq.restored": "Restored discarded dead letters",
  "dlq.purged": "Purged dead letters",
  // Alert rules (issue 8): through the API, the form and YAML import.
  "alert.rule_created": "Created an alert rule",
  "alert.rule_changed": "Changed an alert rule",
  "alert.rule_enabled": "Enabled an alert rule",
  "alert.rule_disabled": "Disabled an alert rule",
  "alert.rule_deleted": "Deleted an alert rule",
  "alert.rules_imported": "Imported alert rules",
  // Alert notifications (issue 8): contact points and silences.
  "alert.contact_point_created": "Added a contact point",
  "alert.contact_point_changed": "Changed a contact point",
  "alert.contact_point_deleted": "Deleted a contact point",
  "alert.contact_point_tested": "Sent a test notification",
  "alert.silence_created": "Silenced alerts",
  "alert.silence_changed": "Changed a silence",
  "alert.silence_deleted": "Deleted a silence",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export function isAuditAction(v: unknown): v is AuditAction {
  return typeof v === "string" && v in AUDIT_ACTIONS;
}

/** Actions come in groups ("<group>.<verb>"), which the audit filter offers as well. */
export const AUDIT_GROUPS = [
  "auth",
  "user",
  "token",
  "collector",
  "settings",
  "catalog",
  "dlq",
  "alert",
] as const;
export type AuditGroup = (typeof AUDIT_GROUPS)[number];
