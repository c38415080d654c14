// Collectors: the registered agents and their health from Postgres, kept live over /live (with
// token management for those allowed), and what this page will add.
import type { Metadata } from "next";
import { CollectorsView } from "@/components/collectors/collectors-view";
import { ComingNext } from "@/components/shell/coming-next";
import { requireUser } from "@/lib/auth/current-user";
import { getCollectors } from "@/lib/collectors/get-collectors";

export const metadata: Metadata = { title: "Collectors" };

export default async function CollectorsPage() {
  await requireUser("events:read"); // reads the request: rendered per request, never at build time
  const data = await getCollectors();
  return (
    <div className="flex flex-col gap-4">
      <CollectorsView initial={data} />
      <ComingNext
        summary="More about each collector agent."
        planned={["Reprocess commands in flight and their outcomes, with the dead-letter page"]}
      />
    </div>
  );
}
