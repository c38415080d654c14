// Collectors: the registered agents from Postgres, and what this page will add.
import type { Metadata } from "next";
import { connection } from "next/server";
import { CollectorsTable } from "@/components/collectors/collectors-table";
import { ComingNext } from "@/components/shell/coming-next";
import { getCollectors } from "@/lib/collectors/get-collectors";

export const metadata: Metadata = { title: "Collectors" };

export default async function CollectorsPage() {
  await connection();
  const data = await getCollectors();
  return (
    <div className="flex flex-col gap-4">
      <CollectorsTable data={data} />
      <ComingNext
        summary="Health and control of each collector agent."
        planned={[
          "Ingest rate, outbox backlog and broker lag per collector",
          "Create, rotate and revoke tokens here instead of on the command line",
          "Reprocess commands in flight and their acknowledgements",
        ]}
      />
    </div>
  );
}
