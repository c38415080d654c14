// Settings: retention, redaction and access (planned; see the panel).
import type { Metadata } from "next";
import { ComingNext } from "@/components/shell/coming-next";

export const metadata: Metadata = { title: "Settings" };

export default function SettingsPage() {
  return (
    <ComingNext
      summary="Retention, redaction and who may do what."
      planned={[
        "Retention per kind of data (messages are dropped a day partition at a time)",
        "Field names whose values are redacted before storage",
        "Users, roles (viewer, operator, admin) and API tokens",
      ]}
      source="Today these are environment variables, read once at start-up; see the README's configuration table."
    />
  );
}
