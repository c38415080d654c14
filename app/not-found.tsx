// 404, with a way back.
import Link from "next/link";
import { Compass } from "lucide-react";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-xl px-4 pt-[12vh]">
      <Card>
        <EmptyState icon={Compass} title="Page not found">
          <p>
            There is nothing at this address.{" "}
            <Link href="/" className="font-medium text-accent underline-offset-2 hover:underline">
              Back to the overview
            </Link>
          </p>
        </EmptyState>
      </Card>
    </main>
  );
}
