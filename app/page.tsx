// Overview: first paint from the read model in Postgres, then live updates in the client.
import type { Metadata } from "next";
import { connection } from "next/server";
import { OverviewView } from "@/components/overview/overview-view";
import { getOverview } from "@/lib/overview/get-overview";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  await connection(); // rendered per request: the numbers are never baked in at build time
  const initial = await getOverview();
  return <OverviewView initial={initial} />;
}
