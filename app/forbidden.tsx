// 403 outside the shell (fallback): signed in, but this page needs a permission the person's role lacks.
import Link from "next/link";
import { ShieldAlert } from "lucide-react";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

export default function Forbidden() {
  return (
    <Card>
      <EmptyState icon={ShieldAlert} title="You do not have access to this page">
        <p>
          Your role does not include it. An admin can change your role on the Users page.{" "}
          <Link href="/" className="font-medium text-accent underline-offset-2 hover:underline">
            Back to the overview
          </Link>
        </p>
      </EmptyState>
    </Card>
  );
}
