// Settings › Audit log: who signed in and who changed what (audit:read).
import type { Metadata } from "next";
import { AUDIT_PAGE_SIZE } from "@/components/settings/audit/audit-text";
import { AuditView } from "@/components/settings/audit/audit-view";
import { listAudit } from "@/lib/audit/list-audit";
import { requireUser } from "@/lib/auth/current-user";
import { toJson } from "@/lib/jsonify";

export const metadata: Metadata = { title: "Audit log · Settings" };

async function readFirstPage() {
  return { page: toJson(await listAudit({ limit: AUDIT_PAGE_SIZE })), at: Date.now() };
}

export default async function AuditPage() {
  await requireUser("audit:read");
  const { page, at } = await readFirstPage();
  return <AuditView initial={page} at={at} />;
}
