// Overview: first paint from the read model in Postgres, then live updates in the client.
import type { Metadata } from "next";
import { OverviewView } from "@/components/overview/overview-view";
import { requireUser } from "@/lib/auth/current-user";
import { getOverview } from "@/lib/overview/get-overview";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  await requireUser(); // reads the request: the page is rendered per request, never at build time
  const initial = await getOverview();
  return <OverviewView initial={initial} />;
}
